package dev.backprop.engine;

/**
 * Input scaling, fitted on training rows only: {@code l2-row} divides each row by its Euclidean
 * norm (the case study's, stateless), {@code z-score} and {@code min-max} scale each column.
 */
public enum Normalization implements Named {
    L2_ROW, Z_SCORE, MIN_MAX, NONE;

    public static Normalization parse(String field, String value) {
        return Names.parse(Normalization.class, field, value);
    }
}
