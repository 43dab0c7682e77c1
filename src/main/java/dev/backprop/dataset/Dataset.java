package dev.backprop.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A classification dataset held in memory, ready for training.
 *
 * <p>{@code features} is row-major, {@code rows() × featureCount()}: value {@code j} of row
 * {@code i} is {@code features[i * featureCount() + j]}, in {@code featureNames} order.
 * {@code labels[i]} indexes {@code classNames}, which are in order of first appearance in the
 * file (Iris: setosa, versicolor, virginica).
 *
 * <p><strong>The arrays are shared, not copied</strong> (a large dataset is tens of megabytes):
 * callers must treat them as read-only. The lists are immutable. Equality is identity of the
 * arrays, as for any record holding arrays; compare {@code id} or {@code sha256} instead.
 *
 * @param sha256 SHA-256 (hex) of the bytes uploaded
 * @param builtIn true for the dataset shipped with the service ({@code iris}), which cannot be deleted
 */
public record Dataset(String id, String name, List<String> featureNames, String labelColumn,
                      List<String> classNames, double[] features, int[] labels, String sha256,
                      Instant createdAt, boolean builtIn) {

    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labelColumn, "labelColumn");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must not be empty");
        }
        if ((long) labels.length * featureNames.size() != features.length) {
            throw new IllegalArgumentException("features has " + features.length + " values, expected rows "
                    + labels.length + " × features " + featureNames.size());
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label index " + label + " is outside classNames " + classNames);
            }
        }
    }

    public int rows() {
        return labels.length;
    }

    public int featureCount() {
        return featureNames.size();
    }

    @Override
    public String toString() {
        return "Dataset[id=" + id + ", name=" + name + ", rows=" + rows() + ", features=" + featureNames
                + ", label=" + labelColumn + ", classes=" + classNames + ", sha256=" + sha256 + "]";
    }
}
