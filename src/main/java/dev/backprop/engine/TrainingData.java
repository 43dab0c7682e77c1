package dev.backprop.engine;

import java.util.List;

/**
 * Labelled rows for training: a dense row-major feature block and one class index per row.
 * The arrays are shared, not copied (datasets can be large); the engine never writes to them.
 */
public record TrainingData(double[] features, int[] labels, List<String> featureNames, List<String> classNames) {

    public TrainingData {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("the data needs at least one feature column");
        }
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("the data needs at least two classes, had " + classNames.size());
        }
        if (labels.length == 0 || features.length != labels.length * featureNames.size()) {
            throw new IllegalArgumentException("features must hold rows × " + featureNames.size()
                    + " values for " + labels.length + " rows, held " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label of row " + i + " is out of range: " + labels[i]);
            }
        }
    }

    public int rows() {
        return labels.length;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int classCount() {
        return classNames.size();
    }
}
