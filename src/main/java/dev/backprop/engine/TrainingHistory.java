package dev.backprop.engine;

import java.util.List;

/**
 * Loss and accuracy per recorded epoch, down-sampled to at most ~1000 points (the last epoch
 * is always recorded). Validation lists are empty when the run had no held-out rows.
 */
public record TrainingHistory(List<Integer> epochs, List<Double> loss, List<Double> accuracy,
                              List<Double> validationLoss, List<Double> validationAccuracy) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
        loss = List.copyOf(loss);
        accuracy = List.copyOf(accuracy);
        validationLoss = List.copyOf(validationLoss);
        validationAccuracy = List.copyOf(validationAccuracy);
    }
}
