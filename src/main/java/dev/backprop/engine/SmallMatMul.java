package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain loops for products with a small weight matrix (Iris: 5×4 · 4×100), where EJML's
 * per-call dispatch costs more than the arithmetic; {@link #mult} and {@link #multTransA} with
 * both dimensions of the weight matrix large go to the delegate. The engine is feature-major, so the long
 * dimension is the batch: {@link #mult} and {@link #multTransA} run their innermost loop over it,
 * over separate row arrays (C2 vectorises that), {@link #multTransB} reduces over it with several
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
    public void mult(DMatrixRMaj w, Batch b, Batch c) {
        if (w.numRows > SMALL && w.numCols > SMALL) {
            large.mult(w, b, c);
            return;
        }
        c.reshape(b.cols);
        for (int i = 0; i < w.numRows; i++) {
            // c[i,:] = Σₖ w[i,k]·b[k,:]
            combineRows(w.data, i * w.numCols, 1, b, c.row[i]);
        }
    }

    @Override
    public void multTransA(DMatrixRMaj w, Batch b, Batch c) {
        if (w.numRows > SMALL && w.numCols > SMALL) {
            large.multTransA(w, b, c);
            return;
        }
        c.reshape(b.cols);
        for (int j = 0; j < w.numCols; j++) {
            // c[j,:] = Σᵢ w[i,j]·b[i,:]
            combineRows(w.data, j, w.numCols, b, c.row[j]);
        }
    }

    /**
     * out[0..cols) = Σₖ coef[c0 + k·step]·b[k,:] over the rows of b, four rows per pass so that each
     * pass loads and stores the output row once for four multiply-adds.
     */
    private static void combineRows(double[] coef, int c0, int step, Batch b, double[] out) {
        int cols = b.cols;
        int count = b.units();
        int k = 0;
        for (; k + 3 < count; k += 4) {
            double w0 = coef[c0 + k * step];
            double w1 = coef[c0 + (k + 1) * step];
            double w2 = coef[c0 + (k + 2) * step];
            double w3 = coef[c0 + (k + 3) * step];
            double[] b0 = b.row[k];
            double[] b1 = b.row[k + 1];
            double[] b2 = b.row[k + 2];
            double[] b3 = b.row[k + 3];
            if (k == 0) {
                for (int t = 0; t < cols; t++) {
                    out[t] = w0 * b0[t] + w1 * b1[t] + w2 * b2[t] + w3 * b3[t];
                }
            } else {
                for (int t = 0; t < cols; t++) {
                    out[t] += w0 * b0[t] + w1 * b1[t] + w2 * b2[t] + w3 * b3[t];
                }
            }
        }
        // the last one to three rows in one pass (missing ones read row k with weight 0)
        int left = count - k;
        if (left == 0) {
            return;
        }
        double w0 = coef[c0 + k * step];
        double w1 = left > 1 ? coef[c0 + (k + 1) * step] : 0;
        double w2 = left > 2 ? coef[c0 + (k + 2) * step] : 0;
        double[] b0 = b.row[k];
        double[] b1 = left > 1 ? b.row[k + 1] : b0;
        double[] b2 = left > 2 ? b.row[k + 2] : b0;
        boolean first = k == 0;
        if (left == 1 && first) {
            for (int t = 0; t < cols; t++) {
                out[t] = w0 * b0[t];
            }
        } else if (left == 1) {
            for (int t = 0; t < cols; t++) {
                out[t] += w0 * b0[t];
            }
        } else if (first) {
            for (int t = 0; t < cols; t++) {
                out[t] = w0 * b0[t] + w1 * b1[t] + w2 * b2[t];
            }
        } else {
            for (int t = 0; t < cols; t++) {
                out[t] += w0 * b0[t] + w1 * b1[t] + w2 * b2[t];
            }
        }
    }

    /** Always the plain loops: EJML's multTransB runs one dot product at a time, waiting on every add. */
    @Override
    public void multTransB(Batch a, Batch b, DMatrixRMaj c) {
        int rows = a.units();
        int cols = b.units();
        int inner = a.cols;
        c.reshape(rows, cols, false);
        double[] cd = c.data;
        int i = 0;
        // c[i..i+2, j..j+3] = a[i..i+2,:]·b[j..j+3,:]ᵀ: twelve dot products side by side, sharing loads
        for (; i + 2 < rows; i += 3) {
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                dots3x4(a.row[i], a.row[i + 1], a.row[i + 2], b.row[j], b.row[j + 1], b.row[j + 2], b.row[j + 3],
                        inner, cd, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                dots3x1(a.row[i], a.row[i + 1], a.row[i + 2], b.row[j], inner, cd, i * cols + j, cols);
            }
        }
        // c[i..i+1, j..j+3] = a[i..i+1,:]·b[j..j+3,:]ᵀ: eight dot products side by side
        for (; i + 1 < rows; i += 2) {
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                dots2x4(a.row[i], a.row[i + 1], b.row[j], b.row[j + 1], b.row[j + 2], b.row[j + 3], inner,
                        cd, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                cd[i * cols + j] = dot(a.row[i], b.row[j], inner);
                cd[(i + 1) * cols + j] = dot(a.row[i + 1], b.row[j], inner);
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cd[i * cols + j] = dot(a.row[i], b.row[j], inner);
            }
        }
    }

    /** c[co + r·stride + q] = a_r·b_q for r < 3, q < 4 over the first n values. */
    private static void dots3x4(double[] a0, double[] a1, double[] a2, double[] b0, double[] b1, double[] b2,
                                double[] b3, int n, double[] c, int co, int stride) {
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        double s20 = 0;
        double s21 = 0;
        double s22 = 0;
        double s23 = 0;
        for (int t = 0; t < n; t++) {
            double x0 = a0[t];
            double x1 = a1[t];
            double x2 = a2[t];
            double y0 = b0[t];
            double y1 = b1[t];
            double y2 = b2[t];
            double y3 = b3[t];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
            s20 += x2 * y0;
            s21 += x2 * y1;
            s22 += x2 * y2;
            s23 += x2 * y3;
        }
        c[co] = s00;
        c[co + 1] = s01;
        c[co + 2] = s02;
        c[co + 3] = s03;
        c[co + stride] = s10;
        c[co + stride + 1] = s11;
        c[co + stride + 2] = s12;
        c[co + stride + 3] = s13;
        c[co + 2 * stride] = s20;
        c[co + 2 * stride + 1] = s21;
        c[co + 2 * stride + 2] = s22;
        c[co + 2 * stride + 3] = s23;
    }

    /** c[co + r·stride] = a_r·b for r < 3 over the first n values, with two partial sums each. */
    private static void dots3x1(double[] a0, double[] a1, double[] a2, double[] b, int n, double[] c, int co,
                                int stride) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double u0 = 0;
        double u1 = 0;
        double u2 = 0;
        int t = 0;
        for (; t + 1 < n; t += 2) {
            double y = b[t];
            double z = b[t + 1];
            s0 += a0[t] * y;
            s1 += a1[t] * y;
            s2 += a2[t] * y;
            u0 += a0[t + 1] * z;
            u1 += a1[t + 1] * z;
            u2 += a2[t + 1] * z;
        }
        if (t < n) {
            double y = b[t];
            s0 += a0[t] * y;
            s1 += a1[t] * y;
            s2 += a2[t] * y;
        }
        c[co] = s0 + u0;
        c[co + stride] = s1 + u1;
        c[co + 2 * stride] = s2 + u2;
    }

    /** c[co + r·stride + q] = a_r·b_q for r < 2, q < 4 over the first n values. */
    private static void dots2x4(double[] a0, double[] a1, double[] b0, double[] b1, double[] b2, double[] b3, int n,
                                double[] c, int co, int stride) {
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        for (int t = 0; t < n; t++) {
            double x0 = a0[t];
            double x1 = a1[t];
            double y0 = b0[t];
            double y1 = b1[t];
            double y2 = b2[t];
            double y3 = b3[t];
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

    /** x[0..n)·y[0..n) with four interleaved partial sums. */
    static double dot(double[] x, double[] y, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += x[t] * y[t];
            s1 += x[t + 1] * y[t + 1];
            s2 += x[t + 2] * y[t + 2];
            s3 += x[t + 3] * y[t + 3];
        }
        for (; t < n; t++) {
            s0 += x[t] * y[t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
