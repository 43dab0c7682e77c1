package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The one seam every matrix product of the engine goes through, so that a faster kernel (BLAS,
 * Vector API) can take over large shapes without touching the training logic. Weight-shaped
 * operands are row-major {@link DMatrixRMaj}, batch-shaped ones {@link Batch}es. Implementations
 * write into {@code c}, which must already have the right shape and must not alias an input.
 */
interface MatMul {

    /** c = w·b */
    void mult(DMatrixRMaj w, Batch b, Batch c);

    /** c = wᵀ·b */
    void multTransA(DMatrixRMaj w, Batch b, Batch c);

    /** c = a·bᵀ */
    void multTransB(Batch a, Batch b, DMatrixRMaj c);

    /**
     * Whether a batch of {@code inputs} units × {@code columns} may be handed over example-major
     * ({@link Batch#exampleMajor}) as the b of {@code mult(w, b, ·)} and {@code multTransB(δ, b, ·)} with
     * w and δ of {@code outputs} rows: the two products a network's input batch takes part in.
     */
    default boolean takesExampleMajor(int outputs, int inputs, int columns) {
        return false;
    }

    /** Every product through EJML, on row-major copies of the batch operands. */
    MatMul EJML_ONLY = new MatMul() {
        @Override
        public void mult(DMatrixRMaj w, Batch b, Batch c) {
            CommonOps_DDRM.mult(w, b.toFlat(), c.flatShaped());
            c.copyFrom(c.flatShaped());
        }

        @Override
        public void multTransA(DMatrixRMaj w, Batch b, Batch c) {
            CommonOps_DDRM.multTransA(w, b.toFlat(), c.flatShaped());
            c.copyFrom(c.flatShaped());
        }

        @Override
        public void multTransB(Batch a, Batch b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransB(a.toFlat(), b.toFlat(), c);
        }
    };

    /** Plain loops for tiny shapes, EJML for the rest: the reference, and the fallback without OpenBLAS. */
    MatMul EJML = new SmallMatMul(EJML_ONLY);

    /** The default: OpenBLAS for large products where it loads, {@link #EJML} for the rest and elsewhere. */
    MatMul DEFAULT = OpenBlas.available() ? new BlasMatMul(EJML) : EJML;
}
