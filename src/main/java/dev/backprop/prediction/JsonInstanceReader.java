package dev.backprop.prediction;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads JSON instances — objects keyed by feature name, or arrays in feature order — into a
 * dense block, checking every value: present, known, a finite JSON number.
 */
final class JsonInstanceReader {

    private JsonInstanceReader() {
    }

    static InstanceBatch read(JsonNode instances, List<String> features, Map<String, Integer> index, int maxInstances) {
        if (instances == null || !instances.isArray()) {
            throw new InvalidInstanceException("'instances' must be a JSON array of objects (keyed by feature name) "
                    + "or arrays (values in feature order: " + String.join(", ", features) + ")");
        }
        int rows = instances.size();
        if (rows == 0) {
            throw new InvalidInstanceException("'instances' is empty; send at least one instance");
        }
        if (rows > maxInstances) {
            throw new InvalidInstanceException("at most " + maxInstances + " instances per request "
                    + "(backprop.limits.prediction-instances), got " + rows);
        }
        int cols = features.size();
        double[] x = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            readOne(instances.get(i), i, features, index, x, i * cols);
        }
        return new InstanceBatch(x, rows);
    }

    static void readOne(JsonNode instance, int i, List<String> features, Map<String, Integer> index, double[] x,
                        int offset) {
        int cols = features.size();
        if (instance.isArray()) {
            if (instance.size() != cols) {
                throw InvalidInstanceException.at(i, null, "expected " + cols + " values in feature order ("
                        + String.join(", ", features) + "), got " + instance.size());
            }
            for (int j = 0; j < cols; j++) {
                x[offset + j] = number(instance.get(j), i, features.get(j));
            }
        } else if (instance.isObject()) {
            int seen = 0;
            for (Map.Entry<String, JsonNode> field : instance.properties()) {
                Integer j = index.get(field.getKey());
                if (j == null) {
                    throw InvalidInstanceException.at(i, field.getKey(), "unknown feature; the model's features are "
                            + String.join(", ", features));
                }
                x[offset + j] = number(field.getValue(), i, field.getKey());
                seen++;
            }
            if (seen < cols) {
                for (String feature : features) {
                    if (!instance.has(feature)) {
                        throw InvalidInstanceException.at(i, feature, "missing");
                    }
                }
            }
        } else {
            throw InvalidInstanceException.at(i, null, "must be an object keyed by feature name or an array of "
                    + cols + " numbers");
        }
    }

    private static double number(JsonNode value, int i, String feature) {
        if (value == null || value.isNull()) {
            throw InvalidInstanceException.at(i, feature, "is null; a number is required");
        }
        if (!value.isNumber()) {
            throw InvalidInstanceException.at(i, feature, "must be a JSON number, was " + value);
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v)) {
            throw InvalidInstanceException.at(i, feature, "must be finite, was " + value);
        }
        return v;
    }
}
