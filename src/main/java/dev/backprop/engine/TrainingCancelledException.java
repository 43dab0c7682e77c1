package dev.backprop.engine;

/** Training stopped because its listener asked for cancellation; no model is produced. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(int epoch) {
        super("Training was cancelled during epoch " + epoch);
    }
}
