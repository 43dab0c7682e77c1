package dev.backprop.engine;

/**
 * How per-row gradients combine over a batch: {@code mean} (the modern convention, step size
 * independent of batch size) or {@code sum} (the case study's {@code W += lr·Xᵀδ}).
 */
public enum Reduction implements Named {
    MEAN, SUM;

    public static Reduction parse(String field, String value) {
        return Names.parse(Reduction.class, field, value);
    }
}
