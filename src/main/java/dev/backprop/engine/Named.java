package dev.backprop.engine;

/**
 * An engine enum as configs and JSON name it, by one rule for all: the constant's name in lower
 * case with '-' for '_' ({@code Z_SCORE} → {@code z-score}, {@code CROSS_ENTROPY} → {@code cross-entropy}).
 */
public interface Named {

    default String id() {
        return Names.id((Enum<?>) this);
    }
}
