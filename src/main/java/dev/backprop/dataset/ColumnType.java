package dev.backprop.dataset;

import java.util.Locale;

/** How a feature column is read: as numbers or as levels of a category. */
enum ColumnType {
    NUMERIC, CATEGORICAL;

    /** {@code numeric} / {@code categorical}, as the API spells it. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
