package dev.backprop.prediction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.backprop.system.ApiException;
import dev.backprop.system.BodyTooLargeException;
import dev.backprop.system.JsonErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Streams JSON instances — objects keyed by feature name, or arrays in feature order — straight
 * into a dense block, checking every value on the way (present, known, a finite JSON number).
 * No tree is built: a prediction request costs one pass over its bytes.
 */
final class JsonInstanceReader {

    static final String INSTANCES = "instances";

    private final List<String> features;
    private final Map<String, Integer> index;
    private final int maxInstances;
    private final boolean[] seen;
    private double[] x;
    private int rows;

    private JsonInstanceReader(List<String> features, Map<String, Integer> index, int maxInstances) {
        this.features = features;
        this.index = index;
        this.maxInstances = maxInstances;
        this.seen = new boolean[features.size()];
        this.x = new double[features.size()];
    }

    /**
     * Reads {@code {"instances": [...]}}, or with {@code singleAllowed} also one instance object.
     * Other top-level members (e.g. {@code parameters}) are skipped.
     */
    static InstanceBatch read(JsonParser parser, List<String> features, Map<String, Integer> index,
                              int maxInstances, boolean singleAllowed) {
        JsonInstanceReader reader = new JsonInstanceReader(features, index, maxInstances);
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInstanceException("the body must be a JSON object: {\"instances\": [...]}"
                        + (singleAllowed ? " or a single instance keyed by feature name" : ""));
            }
            String first = parser.nextName();
            if (first != null && !first.equals(INSTANCES) && singleAllowed) {
                reader.readObject(parser, first);
                reader.rows = 1;
            } else {
                reader.readWrapper(parser, first);
            }
            return new InstanceBatch(reader.rows == 1 && reader.x.length == features.size() ? reader.x
                    : Arrays.copyOf(reader.x, reader.rows * features.size()), reader.rows);
        } catch (JacksonException e) {
            if (e.getCause() instanceof BodyTooLargeException tooLarge) {
                throw ApiException.tooLarge(tooLarge.getMessage());
            }
            throw new InvalidInstanceException(JsonErrors.describe(e));
        }
    }

    private void readWrapper(JsonParser parser, String name) {
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
                        + "or arrays (values in feature order: " + String.join(", ", features) + ")");
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (rows == maxInstances) {
                    throw new InvalidInstanceException("at most " + maxInstances + " instances per request "
                            + "(backprop.limits.prediction-instances)");
                }
                ensureRow(rows);
                readInstance(parser, token);
                rows++;
            }
        }
        if (!found) {
            throw new InvalidInstanceException("the body needs 'instances': a JSON array of objects (keyed by feature "
                    + "name) or arrays (values in feature order: " + String.join(", ", features) + ")");
        }
        if (rows == 0) {
            throw new InvalidInstanceException("'instances' is empty; send at least one instance");
        }
    }

    private void readInstance(JsonParser parser, JsonToken token) {
        int cols = features.size();
        if (token == JsonToken.START_ARRAY) {
            int j = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (j < cols) {
                    x[rows * cols + j] = number(parser, token, features.get(j));
                } else {
                    parser.skipChildren();
                }
                j++;
            }
            if (j != cols) {
                throw InvalidInstanceException.at(rows, null, "expected " + cols + " values in feature order ("
                        + String.join(", ", features) + "), got " + j);
            }
        } else if (token == JsonToken.START_OBJECT) {
            readObject(parser, parser.nextName());
        } else {
            throw InvalidInstanceException.at(rows, null, "must be an object keyed by feature name or an array of "
                    + cols + " numbers");
        }
    }

    /** Reads the members of an instance object whose first member name has been read. */
    private void readObject(JsonParser parser, String name) {
        int cols = features.size();
        Arrays.fill(seen, false);
        int distinct = 0;
        for (; name != null; name = parser.nextName()) {
            Integer j = index.get(name);
            if (j == null) {
                throw InvalidInstanceException.at(rows, name, "unknown feature; the model's features are "
                        + String.join(", ", features));
            }
            x[rows * cols + j] = number(parser, parser.nextToken(), name);
            if (!seen[j]) {
                seen[j] = true;
                distinct++;
            }
        }
        if (distinct < cols) {
            for (int j = 0; j < cols; j++) {
                if (!seen[j]) {
                    throw InvalidInstanceException.at(rows, features.get(j), "missing");
                }
            }
        }
    }

    private double number(JsonParser parser, JsonToken token, String feature) {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double v = parser.getDoubleValue();
                if (!Double.isFinite(v)) {
                    throw InvalidInstanceException.at(rows, feature, "must be finite, was " + parser.getString());
                }
                return v;
            }
            case VALUE_NULL -> throw InvalidInstanceException.at(rows, feature, "is null; a number is required");
            case VALUE_STRING -> throw InvalidInstanceException.at(rows, feature,
                    "must be a JSON number, was \"" + parser.getString() + "\"");
            default -> throw InvalidInstanceException.at(rows, feature, "must be a JSON number, was "
                    + (token == JsonToken.START_ARRAY ? "an array" : token == JsonToken.START_OBJECT ? "an object" : token));
        }
    }

    private void ensureRow(int row) {
        int needed = (row + 1) * features.size();
        if (needed > x.length) {
            x = Arrays.copyOf(x, Math.max(needed, x.length * 2));
        }
    }
}
