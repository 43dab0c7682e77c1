package dev.backprop.model;

import java.time.Instant;
import java.util.List;

/** One line of the model list: identity, shape and headline accuracies (fractions in [0, 1]). */
public record ModelSummary(String id, String name, int version, Instant createdAt, String datasetId,
                           List<String> featureNames, List<String> classNames, List<Integer> layers,
                           double trainAccuracy, Double testAccuracy) {
}
