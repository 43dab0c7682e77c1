package dev.backprop.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.backprop.engine.TrainingHistory;

/**
 * A model as {@code GET /api/v1/models/{ref}} shows it: the trained model (immutable) plus what
 * the registry keeps beside it — the aliases pointing at it, a description and tags.
 */
record ModelDetails(
        String id,
        String name,
        int version,
        Instant createdAt,
        String datasetId,
        List<String> featureNames,
        List<String> classNames,
        String labelColumn,
        List<Integer> layers,
        long parameters,
        TrainingSettings config,
        long seed,
        ModelMetrics metrics,
        TrainingHistory history,
        Provenance provenance,
        List<String> aliases,
        String description,
        Map<String, String> tags) {

    static ModelDetails of(ModelRegistry.Entry entry, List<String> aliases) {
        TrainedModel m = entry.model();
        return new ModelDetails(m.id(), m.name(), m.version(), m.createdAt(), m.datasetId(), m.featureNames(),
                m.classNames(), m.labelColumn(), m.layers(), m.parameters(), m.config(), m.seed(), m.metrics(),
                m.history(), m.provenance(), aliases, entry.description(), entry.tags());
    }
}
