package dev.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows for training: the feature columns (numeric or categorical, missing cells allowed) and what
 * each row should predict — a class ({@link Classes}) or a number ({@link Values}). The columns and
 * arrays are shared, not copied (datasets can be large); the engine never writes to them.
 */
public record TrainingData(List<Column> features, Target target) {

    /** What the rows should predict. */
    public sealed interface Target permits Classes, Values {
        int size();
    }

    /** A class per row: {@code labels[i]} indexes {@code names}. */
    public record Classes(int[] labels, List<String> names) implements Target {
        public Classes {
            names = List.copyOf(names);
            if (names.size() < 2) {
                throw new IllegalArgumentException("the data needs at least two classes, had " + names.size());
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= names.size()) {
                    throw new IllegalArgumentException("label of row " + i + " is out of range: " + labels[i]);
                }
            }
        }

        @Override
        public int size() {
            return labels.length;
        }
    }

    /** A number per row (a regression's target), all finite. */
    public record Values(double[] values) implements Target {
        public Values {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("target of row " + i + " is not a finite number");
                }
            }
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    public TrainingData {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the data needs at least one feature column");
        }
        if (target.size() == 0) {
            throw new IllegalArgumentException("the data has no rows");
        }
        for (Column column : features) {
            if (column.size() != target.size()) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.size()
                        + " rows, the target " + target.size());
            }
        }
    }

    /** Classification data from a dense row-major block of numbers (no missing values). */
    public static TrainingData of(double[] features, int[] labels, List<String> featureNames, List<String> classNames) {
        int cols = featureNames.size();
        if (labels.length == 0 || features.length != (long) labels.length * cols) {
            throw new IllegalArgumentException("features must hold rows × " + cols + " values for " + labels.length
                    + " rows, held " + features.length);
        }
        List<Column> columns = new ArrayList<>(cols);
        for (int j = 0; j < cols; j++) {
            double[] values = new double[labels.length];
            for (int r = 0; r < labels.length; r++) {
                values[r] = features[r * cols + j];
            }
            columns.add(Columns.numeric(featureNames.get(j), values));
        }
        return new TrainingData(columns, new Classes(labels, classNames));
    }

    public int rows() {
        return target.size();
    }

    public int featureCount() {
        return features.size();
    }

    public Task task() {
        return target instanceof Classes ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** The class names (empty for a regression). */
    public List<String> classNames() {
        return target instanceof Classes c ? c.names() : List.of();
    }

    public List<String> featureNames() {
        return features.stream().map(Column::name).toList();
    }
}
