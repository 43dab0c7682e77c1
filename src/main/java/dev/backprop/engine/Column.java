package dev.backprop.engine;

/**
 * One column of a table as the engine reads it, row by row. Implementations are immutable and
 * may store their values compactly (bytes, floats, codes); the engine only ever gathers them.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    /** Number of rows. */
    int size();

    /** Number of rows whose value is missing. */
    int missing();
}
