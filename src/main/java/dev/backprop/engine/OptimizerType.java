package dev.backprop.engine;

/** Update rules: plain gradient descent, classical momentum (μ = 0.9), Adam (β₁ 0.9, β₂ 0.999). */
public enum OptimizerType implements Named {
    SGD, MOMENTUM, ADAM;

    public static OptimizerType parse(String field, String value) {
        return Names.parse(OptimizerType.class, field, value);
    }
}
