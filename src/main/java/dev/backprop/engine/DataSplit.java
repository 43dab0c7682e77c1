package dev.backprop.engine;

import java.util.SplittableRandom;

/**
 * Row indices of a stratified three-way split: every class keeps its share in each part, and
 * each class keeps at least one training row.
 */
record DataSplit(int[] train, int[] validation, int[] test) {

    static DataSplit stratified(int[] labels, int classes, double testFraction, double validationFraction,
                                SplittableRandom rng) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][filled[labels[i]]++] = i;
        }
        int[] train = new int[labels.length];
        int[] validation = new int[labels.length];
        int[] test = new int[labels.length];
        int nTrain = 0;
        int nValidation = 0;
        int nTest = 0;
        for (int c = 0; c < classes; c++) {
            int[] rows = byClass[c];
            shuffle(rows, rng);
            int count = rows.length;
            int testCount = Math.min((int) Math.round(count * testFraction), Math.max(count - 1, 0));
            int rest = count - testCount;
            int validationCount = Math.min((int) Math.round(rest * validationFraction), Math.max(rest - 1, 0));
            int i = 0;
            for (; i < testCount; i++) {
                test[nTest++] = rows[i];
            }
            for (; i < testCount + validationCount; i++) {
                validation[nValidation++] = rows[i];
            }
            for (; i < count; i++) {
                train[nTrain++] = rows[i];
            }
        }
        int[] trainRows = java.util.Arrays.copyOf(train, nTrain);
        // mixes the classes, which grouped blocks would otherwise keep together
        shuffle(trainRows, rng);
        return new DataSplit(trainRows, java.util.Arrays.copyOf(validation, nValidation),
                java.util.Arrays.copyOf(test, nTest));
    }

    /** Strata of a numeric target: its quantile bins, so that every part covers the whole range. */
    static final int TARGET_BINS = 10;

    /**
     * A split for a regression: stratified by {@value #TARGET_BINS} quantile bins of the target (the
     * bin of each row by its rank), so that test and validation rows span the target's range.
     */
    static DataSplit byTarget(double[] values, double testFraction, double validationFraction, SplittableRandom rng) {
        int n = values.length;
        Integer[] byValue = new Integer[n];
        for (int i = 0; i < n; i++) {
            byValue[i] = i;
        }
        java.util.Arrays.sort(byValue, (a, b) -> {
            int c = Double.compare(values[a], values[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int bins = Math.max(1, Math.min(TARGET_BINS, n / 2));
        int[] bin = new int[n];
        for (int rank = 0; rank < n; rank++) {
            bin[byValue[rank]] = (int) ((long) rank * bins / n);
        }
        return stratified(bin, bins, testFraction, validationFraction, rng);
    }

    /** Fisher–Yates, in place. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
