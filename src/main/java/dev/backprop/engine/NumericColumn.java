package dev.backprop.engine;

/** A column of numbers; a missing value reads as NaN (present values are always finite). */
public non-sealed interface NumericColumn extends Column {

    /** The value of {@code row}, NaN when it is missing. */
    double value(int row);

    /**
     * {@code dst[at + i] = value(rows[from + i])} for {@code i < count}: the engine's one way of
     * reading a column, so that a compact implementation can run its own tight loop.
     */
    default void gather(int[] rows, int from, int count, double[] dst, int at) {
        for (int i = 0; i < count; i++) {
            dst[at + i] = value(rows[from + i]);
        }
    }
}
