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

    public static EarlyStopping defaults() {
        return new EarlyStopping(30, 1e-4, true);
    }
}
