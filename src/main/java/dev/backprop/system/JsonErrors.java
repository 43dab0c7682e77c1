package dev.backprop.system;

import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson's failures in the API's words. Jackson's own messages name Java types
 * ({@code `java.lang.Integer`}), features ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}) and
 * constraint getters; a client needs the field, what it must be and what it was. Every JSON
 * reader of the service (Spring's converters, the hand-streamed readers, model import) words its
 * failures through here, so one fix reaches all of them.
 */
public final class JsonErrors {

    private static final int MAX_ECHO = 80;
    private static final Pattern NON_STANDARD_TOKEN = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern FROM_SHAPE = Pattern.compile("from (Array|Object|String|Integer|Floating-point|Boolean"
            + "|Null) value");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");
    private static final Pattern CONSTRAINT_ORIGIN = Pattern.compile(", from `[^`]*`\\)");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");

    private JsonErrors() {
    }

    /**
     * The failure as a field problem: {@code field} and {@code pointer} say where (both empty for
     * the document as a whole), {@code detail} says what is wrong.
     */
    public static FieldProblem problem(JacksonException e) {
        String field = field(e);
        return new FieldProblem(field.isEmpty() ? null : field, pointer(e), describe(e));
    }

    /** One sentence: {@code "epochs must be a whole number …, was \"many\""} or {@code "The request body is not valid JSON: …"}. */
    public static String describe(JacksonException e) {
        String field = field(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return field + " is not a known field" + known(unknown.getKnownPropertyIds());
        }
        if (e instanceof StreamConstraintsException) {
            return "The request body is not accepted: " + clean(e.getOriginalMessage());
        }
        String reason = reason(e);
        if (reason != null) {
            return (field.isEmpty() ? "The request body" : field) + " " + reason;
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("No content to map")) {
            return "The request body is empty; send a JSON document";
        }
        return (field.isEmpty() ? "The request body is not valid JSON: " : field + " is not valid JSON: ")
                + syntax(e) + location(e.getLocation());
    }

    /** The unknown-field wording, shared with readers that collect unknown fields themselves. */
    public static String unknownField(String field, Collection<?> knownFields) {
        return field + " is not a known field" + known(knownFields);
    }

    /** What a JSON value for {@code type} must be, e.g. "a whole number from 0 to 2147483647". */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Short.class || type == short.class
                || type == Byte.class || type == byte.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a finite number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time such as \"2026-01-31T12:00:00Z\"";
        }
        if (TemporalAmount.class.isAssignableFrom(type)) {
            return "an ISO-8601 duration such as \"PT30S\"";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "a valid value";
    }

    /** {@code a.b[2].c}, or empty when the failure concerns the whole document. */
    static String field(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** RFC 6901 pointer into the body, e.g. {@code /earlyStopping/patience}; empty for the whole document. */
    static String pointer(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                pointer.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append('/').append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    /** "must be …, was …" for the value-level failures; null for syntax errors. */
    private static String reason(JacksonException e) {
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof InvalidFormatException format) {
            return "must be " + expected(format.getTargetType()) + ", was " + echo(format.getValue());
        }
        if (e instanceof InputCoercionException coercion) {
            String value = text(coercion);
            return "must be " + expected(coercion.getTargetType()) + (value == null ? "" : ", was " + value);
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            return cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? "is invalid: " + cause.getMessage() : "is invalid";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Matcher shape = FROM_SHAPE.matcher(String.valueOf(e.getOriginalMessage()));
            return "must be " + expected(mismatch.getTargetType()) + (shape.find() ? ", was " + shape(shape.group(1)) : "");
        }
        return null;
    }

    private static String syntax(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : firstLine(e.getOriginalMessage());
        Matcher nonStandard = NON_STANDARD_TOKEN.matcher(message);
        if (nonStandard.matches()) {
            return "'" + nonStandard.group(1) + "' is not a JSON value (JSON numbers are finite: no NaN or Infinity)";
        }
        return clean(message);
    }

    /** Drops what names Jackson itself: "[Source: … (`StreamReadFeature…` disabled); ", ", from `StreamReadConstraints…`)". */
    private static String clean(String message) {
        String text = CONSTRAINT_ORIGIN.matcher(firstLine(message)).replaceAll(")");
        text = SOURCE.matcher(text).replaceAll("[");
        Matcher ticked = BACKTICKED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (ticked.find()) {
            String inner = ticked.group(1);
            // a qualified Java name is an internal; a token such as `true` is the client's own text
            ticked.appendReplacement(out, Matcher.quoteReplacement(inner.contains(".") ? "value" : inner));
        }
        ticked.appendTail(out);
        return out.toString();
    }

    private static String location(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String text(InputCoercionException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int open = message.indexOf('(');
        int close = message.indexOf(')', open + 1);
        return open >= 0 && close > open ? message.substring(open + 1, close) : null;
    }

    private static String shape(String jacksonShape) {
        return switch (jacksonShape) {
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Integer", "Floating-point" -> "a number";
            case "Boolean" -> "true or false";
            default -> "null";
        };
    }

    private static String echo(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > MAX_ECHO) {
            text = text.substring(0, MAX_ECHO) + "…";
        }
        return value instanceof CharSequence ? "\"" + text + "\"" : text;
    }

    private static String known(Collection<?> fields) {
        if (fields == null || fields.isEmpty()) {
            return "";
        }
        return "; known fields: " + fields.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
