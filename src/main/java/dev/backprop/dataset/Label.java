package dev.backprop.dataset;

import java.util.List;
import java.util.Objects;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Task;

/**
 * What a dataset is trained to predict: one value per row, as numbers, as classes, or both.
 *
 * @param values         the labels as numbers, at full double precision (for regression); non-null
 *                       only when every label is a number (and the column was not forced categorical)
 * @param classes        the labels as classes, in order of first appearance (Iris: setosa,
 *                       versicolor, virginica); non-null when there are at most {@link #MAX_CLASSES}
 *                       distinct labels. Never missing: rows without a label are not in the dataset.
 * @param distinctValues the number of distinct labels (as written), or {@code MAX_CLASSES + 1} for
 *                       "more than {@link #MAX_CLASSES}"
 */
public record Label(String name, double[] values, CategoricalColumn classes, int distinctValues) {

    /** A label column with more distinct values than this is not a column of class names. */
    public static final int MAX_CLASSES = 1000;

    /** A numeric label with more distinct values than this is trained by regression unless asked otherwise (DESIGN §3). */
    public static final int MAX_CLASSES_OF_A_NUMERIC_LABEL_BY_DEFAULT = 20;

    public Label {
        Objects.requireNonNull(name, "name");
        if (values == null && classes == null) {
            throw new IllegalArgumentException("label '" + name + "' needs numbers or classes");
        }
        if (values != null && classes != null && values.length != classes.size()) {
            throw new IllegalArgumentException("label '" + name + "' has " + values.length + " values but "
                    + classes.size() + " classes");
        }
        if (classes != null && classes.missing() != 0) {
            throw new IllegalArgumentException("label '" + name + "' has rows without a class");
        }
        if (values != null) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("label '" + name + "' holds a value that is not a finite number");
                }
            }
        }
        if (distinctValues < 1 || distinctValues > MAX_CLASSES + 1) {
            throw new IllegalArgumentException("distinctValues must be in [1, " + (MAX_CLASSES + 1) + "], was " + distinctValues);
        }
    }

    public int rows() {
        return values != null ? values.length : classes.size();
    }

    /** True when every label is a number. */
    public boolean numeric() {
        return values != null;
    }

    /** The class names, empty when there are too many distinct labels to be classes. */
    public List<String> classNames() {
        return classes == null ? List.of() : classes.levels();
    }

    /**
     * Text label → classification; a numeric label with more than 20 distinct values → regression;
     * else classification (DESIGN §3 Training).
     */
    public Task defaultTask() {
        if (values == null) {
            return Task.CLASSIFICATION;
        }
        return distinctValues > MAX_CLASSES_OF_A_NUMERIC_LABEL_BY_DEFAULT || classes == null
                ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    @Override
    public String toString() {
        return "Label[" + name + ", " + (values != null ? "numeric, " : "") + distinctValues + " distinct]";
    }
}
