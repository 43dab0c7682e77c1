package dev.backprop.engine;

/**
 * What a network learns: {@code classification} (a class per row, softmax or sigmoid outputs) or
 * {@code regression} (a number per row, a linear output trained with MSE on the standardised target).
 */
public enum Task implements Named {
    CLASSIFICATION, REGRESSION;

    public static Task parse(String field, String value) {
        return Names.parse(Task.class, field, value);
    }
}
