package dev.backprop.engine;

/**
 * Per-row losses. {@code mse} is half the sum of squared errors over the outputs,
 * ½·Σₖ(yₖ − aₖ)², the form whose gradient is the case study's δ = (y − a)·a(1 − a).
 * {@code cross-entropy} is −Σₖ yₖ·log aₖ after softmax, and the binary form
 * −Σₖ [yₖ·log aₖ + (1 − yₖ)·log(1 − aₖ)] after sigmoid.
 */
public enum Loss implements Named {
    MSE, CROSS_ENTROPY;

    public static Loss parse(String field, String value) {
        return Names.parse(Loss.class, field, value);
    }
}
