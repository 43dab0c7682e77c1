package dev.backprop.engine;

/**
 * Stop when the monitored loss has not improved by more than {@code minDelta} for {@code patience}
 * epochs; with {@code restoreBest} the weights of the best epoch are put back.
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {

    public EarlyStopping {
        if (patience < 1 || patience > 1_000_000) {
            throw new IllegalArgumentException("earlyStopping.patience must be in [1, 1000000], was " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("earlyStopping.minDelta must be a finite number >= 0, was " + minDelta);
        }
    }

    /**
     * Patience 30, minDelta 1e-4, restore the best weights. Measured against patience 15 and 60 and
     * against no early stopping (README, "Why these defaults"): 15 saves a third of the time but
     * stopped some runs on a plateau, 60 gains nothing, and without it runs take 7× the time and
     * overfit noisy data.
     */
    public static EarlyStopping defaults() {
        return new EarlyStopping(30, 1e-4, true);
    }
}
