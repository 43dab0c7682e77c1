package dev.backprop.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.TrainingHistory;

/**
 * A stored model: the frozen network plus everything a client needs to trust and use it.
 * Immutable; {@code network} predicts thread-safely.
 *
 * @param labelColumn the training data's label column, ignored when it appears in CSV input
 */
public record TrainedModel(
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
        @JsonIgnore NetworkModel network) {

    public TrainedModel {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        layers = List.copyOf(layers);
    }

    /** The model's identity as echoed in prediction responses. */
    public ModelRef ref() {
        return new ModelRef(id, name, version);
    }

    public record ModelRef(String id, String name, int version) {
    }
}
