package dev.backprop.engine;

import org.bytedeco.javacpp.DoublePointer;
import org.ejml.data.DMatrixRMaj;

/**
 * A units × columns matrix of the batch dimension (activations, deltas, inputs, targets), one array
 * per unit. A loop over the batch that reads several units then indexes every array by its counter
 * alone, which is what JDK 17's SuperWord needs to vectorise it: with all units in one array they sit
 * at run-time offsets, and SuperWord packs same-typed accesses only at one and the same offset.
 * Rows may be longer than {@link #cols}: reshaping to fewer columns keeps the arrays.
 */
final class Batch {

    final double[][] row;
    int cols;
    /** The same values row-major, for EJML; made on first use and reshaped after. */
    private DMatrixRMaj flat;
    /**
     * Whether the values are held example-major in {@link #examples} instead of in {@link #row}: an input
     * batch gathered straight into OpenBLAS's layout ({@link MatMul#takesExampleMajor}); its rows are stale.
     */
    boolean exampleMajor;
    /** Native memory for the example-major values (each column's units side by side), made on first use. */
    DoublePointer examples;
    /** {@link #examples} as a buffer of doubles (null when too large for one), made with it. */
    java.nio.DoubleBuffer examplesView;

    Batch(int units, int cols) {
        row = new double[units][cols];
        this.cols = cols;
    }

    /** A copy of a row-major matrix. */
    static Batch of(DMatrixRMaj m) {
        Batch batch = new Batch(m.numRows, m.numCols);
        batch.copyFrom(m);
        return batch;
    }

    int units() {
        return row.length;
    }

    void reshape(int columns) {
        if (columns > row[0].length) {
            for (int k = 0; k < row.length; k++) {
                row[k] = new double[columns];
            }
        }
        cols = columns;
    }

    /** This matrix row-major in a matrix kept for the purpose (valid until the next call). */
    DMatrixRMaj toFlat() {
        DMatrixRMaj m = flatShaped();
        for (int k = 0; k < row.length; k++) {
            System.arraycopy(row[k], 0, m.data, k * cols, cols);
        }
        return m;
    }

    /** The kept row-major matrix, shaped like this one, for EJML to write into before {@link #copyFrom}. */
    DMatrixRMaj flatShaped() {
        if (flat == null) {
            flat = new DMatrixRMaj(row.length, cols);
        }
        flat.reshape(row.length, cols, false);
        return flat;
    }

    /** Takes the values of a row-major matrix of the same shape. */
    void copyFrom(DMatrixRMaj m) {
        for (int k = 0; k < row.length; k++) {
            System.arraycopy(m.data, k * cols, row[k], 0, cols);
        }
    }
}
