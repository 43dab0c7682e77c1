package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain loops for products with a small weight matrix (Iris: 5×4 · 4×100), where EJML's
 * per-call dispatch costs more than the arithmetic; {@link #mult} and {@link #multTransA} with
 * both dimensions of the weight matrix large go to the delegate. The engine is feature-major, so the long
 * dimension is the batch: {@link #mult} and {@link #multTransA} run their innermost loop over it,
 * over separate row arrays (C2 vectorises that), {@link #multTransB} reduces over it with four
 * interleaved partial sums per value (C2 does not vectorise a floating-point reduction, whose order
 * it must keep; {@link VectorDots} computes the same order in vector lanes, a block of outputs at a time).
 */
final class SmallMatMul implements MatMul {

    /** Weight matrices with a dimension at most this take the plain loops. */
    static final int SMALL = 16;

    /** Whether {@link #multTransB} runs {@link VectorDots}: the Vector API is there and four lanes are native. */
    static final boolean VECTOR_DOTS = Vectors.ENABLED && VectorDots.native4();

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

    /**
     * Always the plain loops (EJML's multTransB runs one dot product at a time, waiting on every add):
     * every value is {@link #dot}, in blocks of 3×4 or 2×4 on the Vector API when the JVM has it
     * ({@link VectorDots}, the same values bit for bit), else one at a time.
     */
    @Override
    public void multTransB(Batch a, Batch b, DMatrixRMaj c) {
        int rows = a.units();
        int cols = b.units();
        int inner = a.cols;
        c.reshape(rows, cols, false);
        double[] cd = c.data;
        if (VECTOR_DOTS) {
            VectorDots.multTransB(a.row, rows, b.row, cols, inner, cd);
        } else {
            scalarMultTransB(a.row, rows, b.row, cols, inner, cd);
        }
    }

    /** c[i·cols + j] = {@link #dot}(a[i], b[j], n) for i < rows, j < cols, four at a time where it can. */
    static void scalarMultTransB(double[][] a, int rows, double[][] b, int cols, int n, double[] c) {
        int i = 0;
        for (; i + 1 < rows; i += 2) {
            int j = 0;
            for (; j + 1 < cols; j += 2) {
                dots2x2(a[i], a[i + 1], b[j], b[j + 1], n, c, i * cols + j, cols);
            }
            for (; j < cols; j++) {
                c[i * cols + j] = dot(a[i], b[j], n);
                c[(i + 1) * cols + j] = dot(a[i + 1], b[j], n);
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                c[i * cols + j] = dot(a[i], b[j], n);
            }
        }
    }

    /** c[co + r·stride + q] = a_r·b_q for r, q < 2, each as {@link #dot}: four dot products sharing loads. */
    private static void dots2x2(double[] a0, double[] a1, double[] b0, double[] b1, int n, double[] c, int co,
                                int stride) {
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        double u0 = 0;
        double u1 = 0;
        double u2 = 0;
        double u3 = 0;
        double v0 = 0;
        double v1 = 0;
        double v2 = 0;
        double v3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            p0 += a0[t] * b0[t];
            p1 += a0[t + 1] * b0[t + 1];
            p2 += a0[t + 2] * b0[t + 2];
            p3 += a0[t + 3] * b0[t + 3];
            q0 += a0[t] * b1[t];
            q1 += a0[t + 1] * b1[t + 1];
            q2 += a0[t + 2] * b1[t + 2];
            q3 += a0[t + 3] * b1[t + 3];
            u0 += a1[t] * b0[t];
            u1 += a1[t + 1] * b0[t + 1];
            u2 += a1[t + 2] * b0[t + 2];
            u3 += a1[t + 3] * b0[t + 3];
            v0 += a1[t] * b1[t];
            v1 += a1[t + 1] * b1[t + 1];
            v2 += a1[t + 2] * b1[t + 2];
            v3 += a1[t + 3] * b1[t + 3];
        }
        for (; t < n; t++) {
            p0 += a0[t] * b0[t];
            q0 += a0[t] * b1[t];
            u0 += a1[t] * b0[t];
            v0 += a1[t] * b1[t];
        }
        c[co] = (p0 + p1) + (p2 + p3);
        c[co + 1] = (q0 + q1) + (q2 + q3);
        c[co + stride] = (u0 + u1) + (u2 + u3);
        c[co + stride + 1] = (v0 + v1) + (v2 + v3);
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
