package dev.backprop.prediction;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One instance's answer: the most probable class and every class's probability (in the model's
 * class order; they sum to 1). For a sigmoid-output model, whose outputs are one independent score
 * per class, {@code probabilities} are the scores divided by their sum and {@code scores} are the
 * raw outputs. {@code warnings} appears only when an input lay far outside the training range.
 */
public record Prediction(String label, Map<String, Double> probabilities,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> scores,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
}
