package dev.backprop.engine;

/** Precision, recall and F1 of one class (0 where undefined, as scikit-learn's zero_division=0). */
public record ClassMetrics(String className, double precision, double recall, double f1, int support) {
}
