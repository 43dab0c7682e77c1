package dev.backprop.engine;

import java.util.List;

/** A column of text values from a small set of levels, stored as codes into {@link #levels()}. */
public non-sealed interface CategoricalColumn extends Column {

    /** Code of a missing value. */
    int MISSING = -1;

    /** The distinct present values, in code order (first appearance in the file). */
    List<String> levels();

    /** The code of {@code row}'s value, {@link #MISSING} when it is missing. */
    int code(int row);

    /** {@code dst[at + i] = code(rows[from + i])} for {@code i < count}. */
    default void gather(int[] rows, int from, int count, int[] dst, int at) {
        for (int i = 0; i < count; i++) {
            dst[at + i] = code(rows[from + i]);
        }
    }
}
