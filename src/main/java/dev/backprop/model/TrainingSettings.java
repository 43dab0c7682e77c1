package dev.backprop.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.backprop.engine.TrainingConfig;

/**
 * A training configuration as resolved (every default filled in), with what it was run on: the
 * dataset, the model's name and the preset it started from. Shown by jobs and kept by models, seed
 * included, so a model can be reproduced by posting these settings as a new job. Its JSON is the
 * engine config's own vocabulary ({@link TrainingConfig#toProperties()}) after datasetId, modelName
 * and preset; reading it back goes through {@link TrainingConfig#of}, the same rules as a request.
 */
public record TrainingSettings(String datasetId, String modelName, String preset, TrainingConfig config) {

    static final String DATASET_ID = "datasetId";
    static final String MODEL_NAME = "modelName";
    static final String PRESET = "preset";

    public long seed() {
        return config.seed();
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(DATASET_ID, datasetId);
        json.put(MODEL_NAME, modelName);
        if (preset != null) {
            json.put(PRESET, preset);
        }
        json.putAll(config.toProperties());
        return json;
    }

    /** Reads settings written by {@link #json()} (or by an earlier version, which had no {@code task}). */
    @JsonCreator
    static TrainingSettings fromJson(Map<String, Object> json) {
        Map<String, Object> settings = new LinkedHashMap<>(json);
        Object dataset = settings.remove(DATASET_ID);
        Object model = settings.remove(MODEL_NAME);
        Object preset = settings.remove(PRESET);
        TrainingConfig config = TrainingConfig.of(settings, TrainingConfig.defaults(0));
        return new TrainingSettings(dataset == null ? null : dataset.toString(), model == null ? null : model.toString(),
                preset == null ? null : preset.toString(), config);
    }
}
