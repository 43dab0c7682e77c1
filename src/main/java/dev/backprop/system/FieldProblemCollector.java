package dev.backprop.system;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Lets a strict reader go on after an unknown field or a value of the wrong JSON type, noting each
 * as a {@link FieldProblem} (the value read becomes {@code null}), so that one 400 can name every
 * bad field together with the ones that later validation finds. One instance per read:
 * {@code reader.withHandler(collector).readValue(body)}, then {@link #problems()}.
 *
 * <p>Jackson 3.1's own {@code problemCollectingReader} stops with an exception that drops the
 * value read; here the partly read value is what validation needs.
 */
public final class FieldProblemCollector extends DeserializationProblemHandler {

    /** More are not worth reporting, and a hostile body could produce millions. */
    static final int MAX_PROBLEMS = 50;

    private final List<FieldProblem> problems = new ArrayList<>();

    /** The problems noted so far, in document order. */
    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) {
        if (problems.size() >= MAX_PROBLEMS) {
            return false;
        }
        String field = field(p.streamReadContext());
        problems.add(new FieldProblem(field, pointer(p.streamReadContext()),
                JsonErrors.unknownField(field, deserializer == null ? null : deserializer.getKnownPropertyNames())));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
            String failureMsg) {
        return note(ctxt.getParser(), targetType, "\"" + shorten(valueToConvert) + "\"");
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
            String failureMsg) {
        return note(ctxt.getParser(), targetType, shorten(String.valueOf(valueToConvert)));
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) {
        if (targetType.isPrimitive() || t == null) {
            return NOT_HANDLED;
        }
        Object handled = note(p, targetType.getRawClass(), shape(t));
        if (handled != NOT_HANDLED && (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT)) {
            p.skipChildren();
        }
        return handled;
    }

    private Object note(JsonParser p, Class<?> targetType, String was) {
        if (problems.size() >= MAX_PROBLEMS || targetType.isPrimitive()) {
            return NOT_HANDLED;
        }
        String field = field(p.streamReadContext());
        problems.add(new FieldProblem(field, pointer(p.streamReadContext()),
                field + " must be " + JsonErrors.expected(targetType) + ", was " + was));
        return null;
    }

    /** {@code earlyStopping.patience}, {@code hiddenLayers[1]}: the path of the value being read. */
    static String field(TokenStreamContext context) {
        StringBuilder field = new StringBuilder();
        List<TokenStreamContext> chain = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        for (TokenStreamContext c : chain) {
            if (c.inObject() && c.currentName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(c.currentName());
            } else if (c.inArray()) {
                field.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
            }
        }
        return field.toString();
    }

    private static String pointer(TokenStreamContext context) {
        return context.pathAsPointer().toString();
    }

    private static String shape(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "unexpected";
        };
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
