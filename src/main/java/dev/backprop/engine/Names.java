package dev.backprop.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the external (lower-case, hyphenated) names of the engine's enums. */
final class Names {

    private Names() {
    }

    static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        return parse(Arrays.asList(type.getEnumConstants()), field, value);
    }

    /** One of {@code allowed} by its name (any case); the error lists exactly the values allowed here. */
    static <E extends Enum<E>> E parse(java.util.List<E> allowed, String field, String value) {
        for (E constant : allowed) {
            if (id(constant).equalsIgnoreCase(value == null ? "" : value.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + allowed.stream().map(Names::id)
                .collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }
}
