package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The one seam every matrix product of the engine goes through, so that a faster kernel (BLAS,
 * Vector API) can take over large shapes without touching the training logic. Implementations
 * write into {@code c}, which must already have the right shape and must not alias an input.
 */
interface MatMul {

    /** c = a·b */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = aᵀ·b */
    void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = a·bᵀ */
    void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** Every product through EJML. */
    MatMul EJML_ONLY = new MatMul() {
        @Override
        public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.mult(a, b, c);
        }

        @Override
        public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransA(a, b, c);
        }

        @Override
        public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransB(a, b, c);
        }
    };

    /** The default: plain loops for tiny shapes, EJML for the rest. */
    MatMul EJML = new SmallMatMul(EJML_ONLY);
}
