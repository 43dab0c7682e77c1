package dev.backprop.prediction;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One instance's answer: the most probable class and every class's probability (in the model's
 * class order). {@code warnings} appears only when an input lay far outside the training range.
 */
public record Prediction(String label, Map<String, Double> probabilities,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
}
