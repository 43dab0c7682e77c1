package dev.backprop.engine;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the external (lower-case, hyphenated) names of the engine's enums. */
final class Names {

    private Names() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        Function<E, String> id = e -> e.name().toLowerCase().replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (id.apply(constant).equalsIgnoreCase(value == null ? "" : value.trim())) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " must be one of " + allowed + ", was '" + value + "'");
    }
}
