package dev.backprop.engine;

/** Activation functions; {@link #SOFTMAX} is only allowed on the output layer. */
public enum Activation {
    SIGMOID("sigmoid"), TANH("tanh"), RELU("relu"), SOFTMAX("softmax");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** The name used in configs and JSON. */
    public String id() {
        return id;
    }

    public boolean allowedHidden() {
        return this != SOFTMAX;
    }

    public boolean allowedOutput() {
        return this == SIGMOID || this == SOFTMAX;
    }

    public static Activation parse(String field, String value) {
        return Names.parse(Activation.class, field, value);
    }
}
