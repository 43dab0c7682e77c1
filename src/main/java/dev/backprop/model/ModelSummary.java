package dev.backprop.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One line of the model list: the model without its config and training history. */
public record ModelSummary(String id, String name, int version, Instant createdAt, String datasetId,
                           List<String> featureNames, List<String> classNames, List<Integer> layers,
                           ModelMetrics metrics, List<String> aliases, String description, Map<String, String> tags) {

    static ModelSummary of(ModelRegistry.Entry entry, List<String> aliases) {
        TrainedModel m = entry.model();
        return new ModelSummary(m.id(), m.name(), m.version(), m.createdAt(), m.datasetId(), m.featureNames(),
                m.classNames(), m.layers(), m.metrics(), aliases, entry.description(), entry.tags());
    }
}
