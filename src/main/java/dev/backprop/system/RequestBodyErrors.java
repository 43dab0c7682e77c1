package dev.backprop.system;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Human wording for unreadable request bodies, without leaking Java class names. */
final class RequestBodyErrors {

    private RequestBodyErrors() {
    }

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : "; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(java.util.stream.Collectors.joining(", "));
            return "Unknown field '" + unknown.getPropertyName() + "'" + known;
        }
        if (cause instanceof DatabindException databind) {
            String path = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
            String reason = databind.getOriginalMessage();
            reason = reason.replaceAll("`[^`]*`", "value").replaceAll("\\(class [^)]*\\)", "");
            return (path.isEmpty() ? "Request body" : "Field '" + path + "'") + " is invalid: " + firstLine(reason);
        }
        if (cause instanceof JacksonException jackson) {
            return "Request body is not valid JSON: " + firstLine(jackson.getOriginalMessage());
        }
        return "Request body is missing or unreadable";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
