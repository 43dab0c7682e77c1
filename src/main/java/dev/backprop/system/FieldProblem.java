package dev.backprop.system;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One bad field in a 400's {@code errors} array.
 *
 * @param field the field as the API documents it: {@code activation}, {@code earlyStopping.patience},
 *              {@code hiddenLayers[0]}, or a query/form parameter such as {@code name}
 * @param pointer where the field sits in the JSON request body (RFC 6901, e.g.
 *                {@code /earlyStopping/patience}); absent for parameters that are not in a JSON body
 * @param detail what is wrong with it, a whole sentence that also names the field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, String pointer, String detail) {

    /** A query or form parameter, or a value that is not part of a JSON body. */
    public static FieldProblem parameter(String field, String detail) {
        return new FieldProblem(field, null, detail);
    }

    /** A member of the JSON request body, named as in {@code a.b[2].c}. */
    public static FieldProblem inBody(String field, String detail) {
        return new FieldProblem(field, pointer(field), detail);
    }

    /** {@code a.b[2].c} → {@code /a/b/2/c}, escaping {@code ~} and {@code /} as RFC 6901 asks. */
    static String pointer(String field) {
        if (field == null || field.isEmpty()) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '.' || c == '[') {
                flush(pointer, token);
            } else if (c == ']') {
                flush(pointer, token);
            } else {
                token.append(c == '~' ? "~0" : c == '/' ? "~1" : String.valueOf(c));
            }
        }
        flush(pointer, token);
        return pointer.toString();
    }

    private static void flush(StringBuilder pointer, StringBuilder token) {
        if (!token.isEmpty()) {
            pointer.append('/').append(token);
            token.setLength(0);
        }
    }
}
