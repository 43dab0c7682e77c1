package dev.backprop.engine;

/**
 * Initial weights: {@code uniform} in [−1, 1) (the case study's), {@code xavier} (Glorot uniform,
 * ±√(6 / (fanIn + fanOut))), {@code he} (normal with σ = √(2 / fanIn)). Biases start at zero.
 */
public enum WeightInit {
    UNIFORM("uniform"), XAVIER("xavier"), HE("he");

    private final String id;

    WeightInit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static WeightInit parse(String field, String value) {
        return Names.parse(WeightInit.class, field, value);
    }
}
