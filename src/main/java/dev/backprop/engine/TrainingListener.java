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
     * Asked before every epoch (1-based), always: whether this listener will use the epoch's loss and
     * accuracy. Answering no lets the trainer skip computing them when the history and early stopping
     * do not need them either; answering yes guarantees them (and the validation figures, when there
     * are held-out rows) in this epoch's {@link #onEpoch}.
     */
    default boolean wantsFigures(int epoch) {
        return true;
    }

    /**
     * After each update: {@code batch} of {@code batches} of this epoch (1-based) are done. Lets a
     * listener report progress inside epochs that take long (large data, small batches).
     */
    default void onBatch(int epoch, int batch, int batches) {
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
