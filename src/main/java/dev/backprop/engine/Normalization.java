package dev.backprop.engine;

/**
 * Input scaling, fitted on training rows only: {@code l2-row} divides each row by its Euclidean
 * norm (the case study's, stateless), {@code z-score} and {@code min-max} scale each column.
 */
public enum Normalization {
    L2_ROW("l2-row"), Z_SCORE("z-score"), MIN_MAX("min-max"), NONE("none");

    private final String id;

    Normalization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Normalization parse(String field, String value) {
        return Names.parse(Normalization.class, field, value);
    }
}
