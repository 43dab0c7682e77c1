package dev.backprop.training;

/**
 * Where a job stands. Losses and accuracies are of the latest finished epoch (accuracy a fraction
 * in [0, 1]); validation figures appear on epochs where they were computed.
 */
record JobProgress(int epoch, int epochs, double fraction, Double loss, Double accuracy, Double validationLoss,
                   Double validationAccuracy) {

    static JobProgress start(int epochs) {
        return new JobProgress(0, epochs, 0, null, null, null, null);
    }

    /** Figures not (yet) known are NaN and show as null. */
    static JobProgress of(int epoch, int epochs, double loss, double accuracy, double vLoss, double vAccuracy) {
        return new JobProgress(epoch, epochs, (double) epoch / epochs, finite(loss), finite(accuracy),
                finite(vLoss), finite(vAccuracy));
    }

    /**
     * Part-way through epoch {@code done + 1}: {@code partial} of its batches are done. The figures
     * are those of epoch {@code done}, the last finished one.
     */
    static JobProgress within(int done, int epochs, double partial, double loss, double accuracy, double vLoss,
                              double vAccuracy) {
        return new JobProgress(done, epochs, (done + partial) / epochs, finite(loss), finite(accuracy),
                finite(vLoss), finite(vAccuracy));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
