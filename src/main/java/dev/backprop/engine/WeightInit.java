package dev.backprop.engine;

/**
 * Initial weights: {@code uniform} in [−1, 1) (the case study's), {@code xavier} (Glorot uniform,
 * ±√(6 / (fanIn + fanOut))), {@code he} (normal with σ = √(2 / fanIn)). Biases start at zero.
 */
public enum WeightInit implements Named {
    UNIFORM, XAVIER, HE;

    public static WeightInit parse(String field, String value) {
        return Names.parse(WeightInit.class, field, value);
    }
}
