package dev.backprop.engine;

/**
 * Hears about each finished epoch and is asked about cancellation after every batch.
 * Called on the training thread; primitives only, so that reporting allocates nothing.
 */
public interface TrainingListener {

    /** validationLoss and validationAccuracy are NaN for epochs where they were not computed. */
    void onEpoch(int epoch, int epochs, double loss, double accuracy, double validationLoss, double validationAccuracy);

    default boolean cancelled() {
        return false;
    }

    TrainingListener NONE = (epoch, epochs, loss, accuracy, validationLoss, validationAccuracy) -> {
    };
}
