package dev.backprop.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.backprop.system.ApiException;

/**
 * A training job as posted: {@code datasetId} (required), {@code modelName}, {@code preset}, and
 * any of the engine config's settings ({@link dev.backprop.engine.TrainingConfig#fields()}), which
 * override the modern defaults — or the case study's settings with {@code preset: seed-case-study}.
 * Settings stay in the JSON's own terms until the engine's vocabulary reads them, so that every
 * rule and message about them lives in one place.
 */
record TrainingRequest(String datasetId, String modelName, String preset, Map<String, Object> settings) {

    /** The job's own members, beside the config's settings. */
    static final List<String> OWN_FIELDS = List.of("datasetId", "modelName", "preset");

    TrainingRequest {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Splits a JSON object (as Java values) into the job's own members and the config's settings. */
    static TrainingRequest of(Map<String, Object> body) {
        Map<String, Object> settings = new LinkedHashMap<>(body);
        return new TrainingRequest(text(settings.remove("datasetId"), "datasetId"),
                text(settings.remove("modelName"), "modelName"), text(settings.remove("preset"), "preset"), settings);
    }

    /** Only the dataset, the model's name and the seed; everything else takes the defaults. */
    static TrainingRequest of(String datasetId, String modelName, long seed) {
        return new TrainingRequest(datasetId, modelName, null, Map.of("seed", seed));
    }

    private static String text(Object value, String field) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ApiException.badRequest(field + " must be a string, was " + value).with("field", field);
    }
}
