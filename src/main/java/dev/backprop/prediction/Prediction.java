package dev.backprop.prediction;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One instance's answer, as the prediction endpoints write it (this record documents the shape;
 * the answer itself is streamed). A classifier gives the most probable class and every class's
 * probability (in the model's class order; they sum to 1); for a sigmoid-output model, whose
 * outputs are one independent score per class, {@code probabilities} are the scores divided by
 * their sum and {@code scores} are the raw outputs. A regression gives {@code value}.
 * {@code warnings} appears only when an input was missing, a level unseen in training, or a
 * number far outside the training range.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(
        @Schema(description = "Classification: the most probable class", example = "setosa") String label,
        @Schema(description = "Classification: class → probability, summing to 1") Map<String, Double> probabilities,
        @Schema(description = "Classification with sigmoid outputs: class → raw output") Map<String, Double> scores,
        @Schema(description = "Regression: the predicted value, in the target's units", example = "3.72") Double value,
        @Schema(description = "Present only when an input was missing, unseen in training, or far outside its "
                + "training range") List<String> warnings) {
}
