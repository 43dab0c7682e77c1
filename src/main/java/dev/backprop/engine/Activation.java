package dev.backprop.engine;

/**
 * Activation functions. Hidden layers take {@link #HIDDEN}; a classifier's output layer takes
 * sigmoid or softmax, a regression's output layer is {@link #LINEAR} (the identity).
 */
public enum Activation implements Named {
    SIGMOID, TANH, RELU, SOFTMAX, LINEAR;

    /** What a hidden layer may use. */
    public static final java.util.List<Activation> HIDDEN = java.util.List.of(SIGMOID, TANH, RELU);
    /** What a classifier's output layer may use. */
    public static final java.util.List<Activation> CLASSIFIER_OUTPUT = java.util.List.of(SIGMOID, SOFTMAX);

    public boolean allowedHidden() {
        return HIDDEN.contains(this);
    }

    public boolean allowedOutput() {
        return this == SIGMOID || this == SOFTMAX || this == LINEAR;
    }

    public static Activation parse(String field, String value) {
        return Names.parse(Activation.class, field, value);
    }
}
