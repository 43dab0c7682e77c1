package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain loops for products whose inner or outer dimensions are tiny (Iris: 100×4 · 4×5), where
 * EJML's per-call dispatch and bounds checks cost more than the arithmetic. Larger shapes go to
 * the delegate. Loop orders keep the innermost access contiguous in both operands.
 */
final class SmallMatMul implements MatMul {

    /** Products where the smaller of the two inner/outer sizes is at most this take the plain loops. */
    static final int SMALL = 16;

    private final MatMul large;

    SmallMatMul(MatMul large) {
        this.large = large;
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numCols > SMALL || b.numCols > SMALL) {
            large.mult(a, b, c);
            return;
        }
        int rows = a.numRows;
        int inner = a.numCols;
        int cols = b.numCols;
        c.reshape(rows, cols, false);
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            int ai = i * inner;
            // c[i,:] = Σₖ a[i,k]·b[k,:]
            double aik = ad[ai];
            for (int j = 0; j < cols; j++) {
                cd[ci + j] = aik * bd[j];
            }
            for (int k = 1; k < inner; k++) {
                aik = ad[ai + k];
                int bk = k * cols;
                for (int j = 0; j < cols; j++) {
                    cd[ci + j] += aik * bd[bk + j];
                }
            }
        }
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numCols > SMALL || b.numCols > SMALL) {
            large.multTransA(a, b, c);
            return;
        }
        int rows = a.numRows;
        int m = a.numCols;
        int n = b.numCols;
        c.reshape(m, n, false);
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        java.util.Arrays.fill(cd, 0, m * n, 0);
        // c = Σᵣ a[r,:]ᵀ·b[r,:]
        for (int r = 0; r < rows; r++) {
            int ar = r * m;
            int br = r * n;
            for (int i = 0; i < m; i++) {
                double ari = ad[ar + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    cd[ci + j] += ari * bd[br + j];
                }
            }
        }
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numCols > SMALL || b.numRows > SMALL) {
            large.multTransB(a, b, c);
            return;
        }
        int rows = a.numRows;
        int inner = a.numCols;
        int cols = b.numRows;
        c.reshape(rows, cols, false);
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        // c[i,j] = a[i,:]·b[j,:]
        for (int i = 0; i < rows; i++) {
            int ai = i * inner;
            int ci = i * cols;
            for (int j = 0; j < cols; j++) {
                int bj = j * inner;
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += ad[ai + k] * bd[bj + k];
                }
                cd[ci + j] = sum;
            }
        }
    }
}
