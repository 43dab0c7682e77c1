package dev.backprop.prediction;

import dev.backprop.system.ApiException;
import dev.backprop.system.BodyTooLargeException;
import dev.backprop.system.JsonErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Tokenizes JSON instances — objects keyed by feature name, or arrays in feature order — into
 * {@link InstanceRows}, which owns every rule about their values. No tree is built: a prediction
 * request costs one pass over its bytes.
 */
final class JsonInstanceReader {

    static final String INSTANCES = "instances";

    private final JsonParser parser;
    private final InstanceRows rows;

    private JsonInstanceReader(JsonParser parser, InstanceRows rows) {
        this.parser = parser;
        this.rows = rows;
    }

    /** Where a problem is, in this reader's terms. */
    static final InstanceRows.Place PLACE = (row, column) -> "instances[" + row + "]"
            + (column == null ? "" : ", feature '" + column + "'");

    /**
     * Reads {@code {"instances": [...]}}, or with {@code singleAllowed} also one instance object,
     * into {@code rows}. Other top-level members (e.g. {@code parameters}) are skipped.
     */
    static void read(JsonParser parser, InstanceRows rows, boolean singleAllowed) {
        JsonInstanceReader reader = new JsonInstanceReader(parser, rows);
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInstanceException("the body must be a JSON object: {\"instances\": [...]}"
                        + (singleAllowed ? " or a single instance keyed by feature name" : ""));
            }
            String first = parser.nextName();
            if (first != null && !first.equals(INSTANCES) && singleAllowed) {
                rows.begin();
                reader.readObject(first);
                rows.end();
            } else {
                reader.readWrapper(first);
            }
        } catch (JacksonException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw ApiException.tooLarge(tooLarge.getMessage());
            }
            throw new InvalidInstanceException("the request body is not valid JSON: " + JsonErrors.describe(e));
        }
    }

    private void readWrapper(String name) {
        boolean found = false;
        for (; name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (!name.equals(INSTANCES)) {
                parser.skipChildren();
                continue;
            }
            found = true;
            if (token != JsonToken.START_ARRAY) {
                throw new InvalidInstanceException("'instances' must be a JSON array of objects (keyed by feature name) "
                        + "or arrays (values in feature order: " + String.join(", ", rows.featureNames()) + ")");
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                rows.begin();
                readInstance(token);
                rows.end();
            }
        }
        if (!found) {
            throw new InvalidInstanceException("the body needs 'instances': a JSON array of objects (keyed by feature "
                    + "name) or arrays (values in feature order: " + String.join(", ", rows.featureNames()) + ")");
        }
        if (rows.rows() == 0) {
            throw new InvalidInstanceException("'instances' is empty; send at least one instance");
        }
    }

    private void readInstance(JsonToken token) {
        int cols = rows.columns();
        if (token == JsonToken.START_ARRAY) {
            int j = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (j < cols) {
                    value(j, token);
                } else {
                    parser.skipChildren();
                }
                j++;
            }
            if (j != cols) {
                throw rows.problem("expected " + cols + " values in feature order (" + String.join(", ",
                        rows.featureNames()) + "), got " + j);
            }
        } else if (token == JsonToken.START_OBJECT) {
            readObject(parser.nextName());
        } else {
            throw rows.problem("must be an object keyed by feature name or an array of " + cols + " values");
        }
    }

    /** Reads the members of an instance object whose first member name has been read. */
    private void readObject(String name) {
        for (; name != null; name = parser.nextName()) {
            int j = rows.column(name);
            if (j < 0) {
                throw new InvalidInstanceException(PLACE.of(rows.rows(), name) + ": unknown feature; the model's "
                        + "features are " + String.join(", ", rows.featureNames()))
                        .with("instanceIndex", rows.rows()).with("feature", name);
            }
            value(j, parser.nextToken());
        }
    }

    private void value(int j, JsonToken token) {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> rows.number(j, parser.getDoubleValue(), parser.getString());
            case VALUE_STRING -> rows.text(j, parser.getString());
            case VALUE_NULL -> rows.missing(j);
            case VALUE_TRUE, VALUE_FALSE -> rows.text(j, parser.getString());
            default -> throw rows.problem(j, "must be a number or a text value, was "
                    + (token == JsonToken.START_ARRAY ? "an array" : token == JsonToken.START_OBJECT ? "an object" : token));
        }
    }
}
