package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Every product kernel against EJML's {@link CommonOps_DDRM} on row-major copies, over every small
 * shape and batch size and across each kernel's thresholds (as EJML tests its own kernels): the
 * plain loops of {@link SmallMatMul} (every unrolled remainder: 1–5 rows, 1–9 columns, both sides of
 * its size limit) and OpenBLAS behind {@link BlasMatMul} (odd and even sizes around its limits).
 */
class MatMulTests {

    /** Sizes that cover every unrolling remainder and both sides of SmallMatMul.SMALL. */
    private static final int[] SMALL_SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 20};
    private static final int[] BATCHES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 33};
    /** Sizes around BlasMatMul's limits, and one of each residue that OpenBLAS's micro-kernels care about. */
    private static final int[] BLAS_SIZES = {7, 8, 9, 16, 31, 32, 33, 64, 65, 130};

    private final SplittableRandom rng = new SplittableRandom(7);

    @Test
    void smallKernelsMatchEjmlOnEverySmallShape() {
        for (int rows : SMALL_SIZES) {
            for (int cols : SMALL_SIZES) {
                for (int batch : BATCHES) {
                    checkAll(MatMul.EJML, rows, cols, batch);
                }
            }
        }
    }

    /**
     * a·bᵀ's values are {@link SmallMatMul#dot}'s, bit for bit, from the Vector API's blocks (the tests'
     * JVMs add the module) and from the scalar fallback's: every block remainder (rows and columns 1–9)
     * and every remainder of the four lanes (batch 0–19 and 99, the case study's training rows).
     */
    @Test
    void aTimesBTransposedIsTheDotProductOfEveryPairBitForBitOnBothPaths() {
        assertThat(SmallMatMul.VECTOR_DOTS).as("the tests' JVMs run with --add-modules=" + Vectors.MODULE).isTrue();
        int[] batches = java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, 20),
                java.util.stream.IntStream.of(99)).toArray();
        for (int rows = 1; rows <= 9; rows++) {
            for (int cols = 1; cols <= 9; cols++) {
                for (int batch : batches) {
                    double[][] a = rowsOf(rows, batch);
                    double[][] b = rowsOf(cols, batch);
                    double[] vector = new double[rows * cols];
                    double[] scalar = new double[rows * cols];
                    VectorDots.multTransB(a, rows, b, cols, batch, vector);
                    SmallMatMul.scalarMultTransB(a, rows, b, cols, batch, scalar);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            long expected = Double.doubleToRawLongBits(SmallMatMul.dot(a[i], b[j], batch));
                            String at = String.format("%d×%d over %d at (%d, %d)", rows, cols, batch, i, j);
                            assertThat(Double.doubleToRawLongBits(vector[i * cols + j])).as("vector " + at)
                                    .isEqualTo(expected);
                            assertThat(Double.doubleToRawLongBits(scalar[i * cols + j])).as("scalar " + at)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    private double[][] rowsOf(int units, int n) {
        double[][] rows = new double[units][n];
        for (double[] row : rows) {
            for (int t = 0; t < n; t++) {
                row[t] = rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(-3, 4));
            }
        }
        return rows;
    }

    @Test
    void openBlasMatchesEjmlAroundItsLimits() {
        assumeTrue(OpenBlas.available(), "OpenBLAS did not load here");
        MatMul blas = new BlasMatMul(MatMul.EJML);
        int checked = 0;
        for (int rows : BLAS_SIZES) {
            for (int cols : BLAS_SIZES) {
                for (int batch : BLAS_SIZES) {
                    checkAll(blas, rows, cols, batch);
                    checked += BlasMatMul.large(rows, batch, cols) ? 1 : 0;
                }
            }
        }
        // a third of these shapes go through OpenBLAS, the rest through the small kernels
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void exampleMajorInputBatchesGiveTheSameProducts() {
        assumeTrue(OpenBlas.available(), "OpenBLAS did not load here");
        MatMul blas = new BlasMatMul(MatMul.EJML);
        int checked = 0;
        for (int outputs : BLAS_SIZES) {
            for (int inputs : BLAS_SIZES) {
                for (int batch : BLAS_SIZES) {
                    if (!blas.takesExampleMajor(outputs, inputs, batch)) {
                        continue;
                    }
                    checked++;
                    DMatrixRMaj values = random(inputs, batch);
                    Batch rows = Batch.of(values);
                    Batch examples = exampleMajor(values);
                    DMatrixRMaj w = random(outputs, inputs);
                    // c = w·b
                    Batch c = new Batch(outputs, batch);
                    blas.mult(w, examples, c);
                    assertClose(c, reference(w, rows, false), inputs);
                    // c = δ·bᵀ
                    Batch delta = Batch.of(random(outputs, batch));
                    DMatrixRMaj g = new DMatrixRMaj(1, 1);
                    blas.multTransB(delta, examples, g);
                    DMatrixRMaj expected = new DMatrixRMaj(outputs, inputs);
                    CommonOps_DDRM.multTransB(delta.toFlat().copy(), rows.toFlat(), expected);
                    for (int i = 0; i < expected.data.length; i++) {
                        assertThat(g.data[i]).isCloseTo(expected.data[i],
                                org.assertj.core.api.Assertions.within(tolerance(batch)));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void anExampleMajorBatchNeverReachesAKernelThatReadsRows() {
        assumeTrue(OpenBlas.available(), "OpenBLAS did not load here");
        MatMul blas = new BlasMatMul(MatMul.EJML);
        Batch examples = exampleMajor(random(4, 6));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blas.mult(random(3, 4), examples, new Batch(3, 6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("example-major");
    }

    /** The batch of these values (units × columns) gathered example-major, its rows left empty. */
    private static Batch exampleMajor(DMatrixRMaj values) {
        Batch b = new Batch(values.numRows, values.numCols);
        double[] column = new double[values.numRows];
        for (int t = 0; t < values.numCols; t++) {
            for (int k = 0; k < values.numRows; k++) {
                column[k] = values.get(k, t);
            }
            BlasMatMul.putExample(b, t, column, 0, values.numRows);
        }
        b.exampleMajor = true;
        return b;
    }

    @Test
    void openBlasIsTheDefaultWhereItLoadsAndEjmlElsewhere() {
        assertThat(MatMul.DEFAULT).isInstanceOf(OpenBlas.available() ? BlasMatMul.class : SmallMatMul.class);
    }

    @Test
    void reusedBuffersAndLongerRowsDoNotLeakIntoResults() {
        assumeTrue(OpenBlas.available(), "OpenBLAS did not load here");
        MatMul blas = new BlasMatMul(MatMul.EJML);
        // a large product first leaves larger native buffers and longer batch rows behind
        checkAll(blas, 130, 65, 130);
        checkAll(blas, 33, 32, 40);
        Batch b = Batch.of(random(64, 100));
        b.reshape(40);
        DMatrixRMaj w = random(48, 64);
        Batch c = new Batch(48, 100);
        blas.mult(w, b, c);
        assertClose(c, reference(w, b, false), 64);
    }

    /** The three products of a rows × cols weight matrix with batches of {@code batch} columns. */
    private void checkAll(MatMul kernel, int rows, int cols, int batch) {
        DMatrixRMaj w = random(rows, cols);
        // c = w·b
        Batch b = Batch.of(random(cols, batch));
        Batch c = new Batch(rows, batch);
        kernel.mult(w, b, c);
        assertClose(c, reference(w, b, false), cols);
        // c = wᵀ·b
        Batch bt = Batch.of(random(rows, batch));
        Batch ct = new Batch(cols, batch);
        kernel.multTransA(w, bt, ct);
        assertClose(ct, reference(w, bt, true), rows);
        // c = a·bᵀ
        Batch a = Batch.of(random(rows, batch));
        Batch d = Batch.of(random(cols, batch));
        DMatrixRMaj g = new DMatrixRMaj(1, 1);
        kernel.multTransB(a, d, g);
        DMatrixRMaj expected = new DMatrixRMaj(rows, cols);
        CommonOps_DDRM.multTransB(a.toFlat().copy(), d.toFlat(), expected);
        assertThat(g.numRows).isEqualTo(rows);
        assertThat(g.numCols).isEqualTo(cols);
        for (int i = 0; i < rows * cols; i++) {
            assertThat(g.data[i]).as("a·bᵀ %d×%d×%d at %d", rows, batch, cols, i)
                    .isCloseTo(expected.data[i], org.assertj.core.api.Assertions.within(tolerance(batch)));
        }
    }

    private static DMatrixRMaj reference(DMatrixRMaj w, Batch b, boolean transposeW) {
        DMatrixRMaj out = new DMatrixRMaj(transposeW ? w.numCols : w.numRows, b.cols);
        DMatrixRMaj flat = new DMatrixRMaj(b.units(), b.cols);
        for (int k = 0; k < b.units(); k++) {
            System.arraycopy(b.row[k], 0, flat.data, k * b.cols, b.cols);
        }
        if (transposeW) {
            CommonOps_DDRM.multTransA(w, flat, out);
        } else {
            CommonOps_DDRM.mult(w, flat, out);
        }
        return out;
    }

    private static void assertClose(Batch actual, DMatrixRMaj expected, int inner) {
        assertThat(actual.units()).isEqualTo(expected.numRows);
        assertThat(actual.cols).isEqualTo(expected.numCols);
        for (int i = 0; i < expected.numRows; i++) {
            for (int t = 0; t < expected.numCols; t++) {
                assertThat(actual.row[i][t]).as("%d×%d (inner %d) at [%d,%d]", expected.numRows, expected.numCols,
                        inner, i, t).isCloseTo(expected.get(i, t), org.assertj.core.api.Assertions.within(tolerance(inner)));
            }
        }
    }

    /** Values in [−1, 1): a sum of n products differs by summation order by at most about n·ulp(n). */
    private static double tolerance(int inner) {
        return 1e-15 * inner * Math.max(1, inner);
    }

    private DMatrixRMaj random(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble() * 2 - 1;
        }
        return m;
    }
}
