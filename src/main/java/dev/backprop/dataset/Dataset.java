package dev.backprop.dataset;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.backprop.engine.Column;

/**
 * A dataset held in memory, ready for training: its feature columns in file order (an index
 * column dropped), each {@link dev.backprop.engine.NumericColumn numeric} (NaN = missing) or
 * {@link dev.backprop.engine.CategoricalColumn categorical}, stored compactly, and its {@link Label}.
 * Only rows with a label are held; {@code skippedRows} counts those dropped because their label
 * was missing.
 *
 * <p>Columns are immutable and shared, never copied (a large dataset is tens of megabytes).
 * Equality is that of the column objects, as for any record holding them; compare {@code id} or
 * {@code sha256} instead.
 *
 * @param sha256      SHA-256 (hex) of the bytes uploaded
 * @param builtIn     true for the dataset shipped with the service ({@code iris}), which cannot be deleted
 * @param rows        rows held (every column and the label have this many)
 * @param skippedRows data rows of the file left out because their label was missing
 */
public record Dataset(String id, String name, List<Column> features, Label label, String sha256, Instant createdAt,
                      boolean builtIn, int rows, int skippedRows) {

    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one feature column");
        }
        if (rows < 1 || skippedRows < 0) {
            throw new IllegalArgumentException("rows must be >= 1 and skippedRows >= 0, were " + rows + " and " + skippedRows);
        }
        Set<String> names = new HashSet<>();
        for (Column column : features) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.size() + " rows, not " + rows);
            }
            if (!names.add(column.name()) || column.name().equals(label.name())) {
                throw new IllegalArgumentException("column name '" + column.name() + "' is used twice");
            }
        }
        if (label.rows() != rows) {
            throw new IllegalArgumentException("the label has " + label.rows() + " rows, not " + rows);
        }
    }

    public int featureCount() {
        return features.size();
    }

    /** The feature columns' names in file order. */
    public List<String> featureNames() {
        return features.stream().map(Column::name).toList();
    }

    public String labelColumn() {
        return label.name();
    }

    /**
     * About how many heap bytes the dataset's cells take (columns and label): 1 a cell for
     * categories and columns of few values, up to 8 for other numbers. For a memory budget.
     */
    public long heapBytes() {
        long bytes = label.values() != null ? 8L * rows : 0;
        if (label.classes() != null) {
            bytes += CompactColumns.heapBytes(label.classes());
        }
        for (Column column : features) {
            bytes += CompactColumns.heapBytes(column);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "Dataset[id=" + id + ", name=" + name + ", rows=" + rows + ", features=" + featureNames()
                + ", label=" + label.name() + ", sha256=" + sha256 + "]";
    }
}
