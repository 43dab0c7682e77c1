package dev.backprop.model;

import java.time.Instant;
import java.util.List;

/** One line of the model list: the model without its config and training history. */
public record ModelSummary(String id, String name, int version, Instant createdAt, String datasetId,
                           List<String> featureNames, List<String> classNames, List<Integer> layers,
                           ModelMetrics metrics) {
}
