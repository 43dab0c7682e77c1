package dev.backprop.engine;

/** The loss became NaN or infinite; no model is produced. */
public class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(int epoch, double loss, double learningRate) {
        super("Training diverged at epoch " + epoch + ": the loss became " + loss
                + "; try a smaller learningRate (was " + learningRate + "), normalised inputs or a smaller batch");
    }
}
