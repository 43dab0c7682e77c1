package dev.backprop.engine;

/**
 * Hears about each finished epoch and is asked about cancellation after every batch.
 * Called on the training thread; primitives only, so that reporting allocates nothing.
 */
public interface TrainingListener {

    /**
     * validationLoss and validationAccuracy are NaN for epochs where they were not computed; loss and
     * accuracy are NaN for epochs where {@link #wantsFigures} said no and nothing else needed them.
     */
    void onEpoch(int epoch, int epochs, double loss, double accuracy, double validationLoss, double validationAccuracy);

    /**
     * Asked before each epoch (1-based): whether this listener will use the epoch's loss and accuracy.
     * Answering no lets the trainer skip computing them when the history and early stopping do not
     * need them either.
     */
    default boolean wantsFigures(int epoch) {
        return true;
    }

    default boolean cancelled() {
        return false;
    }

    /** Ignores everything, figures included. */
    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onEpoch(int epoch, int epochs, double loss, double accuracy, double validationLoss,
                            double validationAccuracy) {
        }

        @Override
        public boolean wantsFigures(int epoch) {
            return false;
        }
    };
}
