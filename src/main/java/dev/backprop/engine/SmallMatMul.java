package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain loops for products with a small weight matrix (Iris: 5×4 · 4×100), where EJML's
 * per-call dispatch costs more than the arithmetic; {@link #mult} and {@link #multTransA} with
 * both dimensions of the weight matrix large go to the delegate. The engine is feature-major, so the long
 * dimension is the batch: {@link #mult} and {@link #multTransA} run their innermost loop over it
 * contiguously (C2 vectorises that), {@link #multTransB} reduces over it with several
 * independent partial sums (a floating-point reduction does not vectorise, but it need not wait
 * on one add after another: eight at a time for a 2×4 block of the output).
 */
final class SmallMatMul implements MatMul {

    /** Weight matrices with a dimension at most this take the plain loops. */
    static final int SMALL = 16;

    private final MatMul large;

    SmallMatMul(MatMul large) {
        this.large = large;
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows > SMALL && a.numCols > SMALL) {
            large.mult(a, b, c);
            return;
        }
        int rows = a.numRows;
        int inner = a.numCols;
        c.reshape(rows, b.numCols, false);
        for (int i = 0; i < rows; i++) {
            // c[i,:] = Σₖ a[i,k]·b[k,:]
            combineRows(a.data, i * inner, 1, inner, b, c.data, i * b.numCols);
        }
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows > SMALL && a.numCols > SMALL) {
            large.multTransA(a, b, c);
            return;
        }
        int rows = a.numCols;
        c.reshape(rows, b.numCols, false);
        for (int j = 0; j < rows; j++) {
            // c[j,:] = Σᵢ a[i,j]·b[i,:]
            combineRows(a.data, j, rows, a.numRows, b, c.data, j * b.numCols);
        }
    }

    /**
     * out[o..o+cols) = Σₖ coef[c0 + k·step]·b[k,:] over the {@code count} rows of b, four rows per
     * pass so that each pass loads and stores the output row once for four multiply-adds.
     */
    private static void combineRows(double[] coef, int c0, int step, int count, DMatrixRMaj b, double[] out, int o) {
        double[] bd = b.data;
        int cols = b.numCols;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            double w0 = coef[c0 + k * step];
            double w1 = coef[c0 + (k + 1) * step];
            double w2 = coef[c0 + (k + 2) * step];
            double w3 = coef[c0 + (k + 3) * step];
            int b0 = k * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            if (k == 0) {
                for (int t = 0; t < cols; t++) {
                    out[o + t] = w0 * bd[b0 + t] + w1 * bd[b1 + t] + w2 * bd[b2 + t] + w3 * bd[b3 + t];
                }
            } else {
                for (int t = 0; t < cols; t++) {
                    out[o + t] += w0 * bd[b0 + t] + w1 * bd[b1 + t] + w2 * bd[b2 + t] + w3 * bd[b3 + t];
                }
            }
        }
        // the last one to three rows in one pass
        int left = count - k;
        if (left == 0) {
            return;
        }
        double w0 = coef[c0 + k * step];
        double w1 = left > 1 ? coef[c0 + (k + 1) * step] : 0;
        double w2 = left > 2 ? coef[c0 + (k + 2) * step] : 0;
        int b0 = k * cols;
        int b1 = left > 1 ? b0 + cols : b0;
        int b2 = left > 2 ? b1 + cols : b0;
        boolean first = k == 0;
        if (left == 1 && first) {
            for (int t = 0; t < cols; t++) {
                out[o + t] = w0 * bd[b0 + t];
            }
        } else if (left == 1) {
            for (int t = 0; t < cols; t++) {
                out[o + t] += w0 * bd[b0 + t];
            }
        } else if (first) {
            for (int t = 0; t < cols; t++) {
                out[o + t] = w0 * bd[b0 + t] + w1 * bd[b1 + t] + w2 * bd[b2 + t];
            }
        } else {
            for (int t = 0; t < cols; t++) {
                out[o + t] += w0 * bd[b0 + t] + w1 * bd[b1 + t] + w2 * bd[b2 + t];
            }
        }
    }

    /** Always the plain loops: EJML's multTransB runs one dot product at a time, waiting on every add. */
    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int rows = a.numRows;
        int cols = b.numRows;
        int inner = a.numCols;
        c.reshape(rows, cols, false);
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int i = 0;
        // c[i..i+1, j..j+3] = a[i..i+1,:]·b[j..j+3,:]ᵀ: eight dot products side by side
        for (; i + 1 < rows; i += 2) {
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                dots2x4(ad, i * inner, bd, j * inner, inner, cd, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                cd[i * cols + j] = dot(ad, i * inner, bd, j * inner, inner);
                cd[(i + 1) * cols + j] = dot(ad, (i + 1) * inner, bd, j * inner, inner);
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cd[i * cols + j] = dot(ad, i * inner, bd, j * inner, inner);
            }
        }
    }

    /** c[co + r·stride + q] = a[r-th row from ao]·b[q-th row from bo] for r < 2, q < 4; rows have length n. */
    private static void dots2x4(double[] a, int ao, double[] b, int bo, int n, double[] c, int co, int stride) {
        int a1 = ao + n;
        int b1 = bo + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        for (int t = 0; t < n; t++) {
            double x0 = a[ao + t];
            double x1 = a[a1 + t];
            double y0 = b[bo + t];
            double y1 = b[b1 + t];
            double y2 = b[b2 + t];
            double y3 = b[b3 + t];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
        }
        c[co] = s00;
        c[co + 1] = s01;
        c[co + 2] = s02;
        c[co + 3] = s03;
        c[co + stride] = s10;
        c[co + stride + 1] = s11;
        c[co + stride + 2] = s12;
        c[co + stride + 3] = s13;
    }

    /** x[xo..xo+n)·y[yo..yo+n) with four interleaved partial sums. */
    static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += x[xo + t] * y[yo + t];
            s1 += x[xo + t + 1] * y[yo + t + 1];
            s2 += x[xo + t + 2] * y[yo + t + 2];
            s3 += x[xo + t + 3] * y[yo + t + 3];
        }
        for (; t < n; t++) {
            s0 += x[xo + t] * y[yo + t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
