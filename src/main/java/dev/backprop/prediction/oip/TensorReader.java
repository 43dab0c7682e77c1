package dev.backprop.prediction.oip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Reads an {@code $inference_request} for a model with {@code features} inputs: one tensor of shape
 * {@code [n, features]} (or {@code [features]} for one row), datatype FP32, FP64, INT32 or INT64,
 * data flat (row-major) or nested as the shape. Every fault is a 400 naming the field.
 * FP32 values are read at double precision: the JSON text is taken as the client wrote it.
 */
final class TensorReader {

    static final String INPUT = "input";
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    /** The raw outputs of a sigmoid-output model (for softmax, the probabilities themselves). */
    static final String SCORES = "scores";
    static final List<String> OUTPUTS = List.of(LABEL, PROBABILITIES, SCORES);
    private static final Set<String> DATATYPES = Set.of("FP32", "FP64", "INT32", "INT64");

    /** One dense block of rows in feature order, and the outputs asked for (in request order; empty = the defaults). */
    record Input(double[] data, int rows, List<String> outputs) {
    }

    private TensorReader() {
    }

    static Input read(JsonNode request, int features, int maxRows) {
        if (request == null || !request.isObject()) {
            throw OipException.badRequest("the request must be a JSON object with \"inputs\"");
        }
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw OipException.badRequest("inputs must be a non-empty array of tensors");
        }
        if (inputs.size() != 1) {
            throw OipException.badRequest("the model takes one input tensor (FP64, shape [-1, " + features + "]), got "
                    + inputs.size());
        }
        JsonNode input = inputs.get(0);
        if (!input.isObject()) {
            throw OipException.badRequest("inputs[0] must be a tensor object {name, shape, datatype, data}");
        }
        JsonNode name = input.get("name");
        if (name == null || !name.isString()) {
            throw OipException.badRequest("inputs[0].name is required");
        }
        String datatype = datatype(input.get("datatype"));
        int rows = rows(input.get("shape"), features, maxRows);
        double[] data = data(input.get("data"), rows, features, datatype.startsWith("INT"), datatype);
        return new Input(data, rows, outputs(request.get("outputs")));
    }

    private static String datatype(JsonNode node) {
        if (node == null || !node.isString()) {
            throw OipException.badRequest("inputs[0].datatype is required (FP32 or FP64)");
        }
        String datatype = node.asString();
        if (!DATATYPES.contains(datatype)) {
            throw OipException.badRequest("inputs[0].datatype '" + datatype
                    + "' is not supported; use FP32 or FP64 (INT32 and INT64 are accepted too)");
        }
        return datatype;
    }

    /** The number of rows that the shape declares: {@code [n, features]} or {@code [features]}. */
    private static int rows(JsonNode shape, int features, int maxRows) {
        if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
            throw OipException.badRequest("inputs[0].shape must be [n, " + features + "] (or [" + features
                    + "] for one row), was " + shape);
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.isIntegralNumber() || dim.asLong() < 0) {
                throw OipException.badRequest("inputs[0].shape[" + i + "] must be a non-negative integer, was " + dim);
            }
            dims[i] = dim.asLong();
        }
        long rows = dims.length == 2 ? dims[0] : 1;
        long columns = dims[dims.length - 1];
        if (columns != features) {
            throw OipException.badRequest("inputs[0].shape " + shape + " does not fit the model: it takes "
                    + features + " features, shape [n, " + features + "]");
        }
        if (rows < 1) {
            throw OipException.badRequest("inputs[0].shape " + shape + " holds no rows");
        }
        if (rows > maxRows) {
            throw OipException.badRequest("inputs[0].shape " + shape + " has more than " + maxRows
                    + " rows (backprop.limits.prediction-instances)");
        }
        return (int) rows;
    }

    private static double[] data(JsonNode data, int rows, int features, boolean integral, String datatype) {
        if (data == null || !data.isArray()) {
            throw OipException.badRequest("inputs[0].data must be an array, flat or nested as the shape");
        }
        double[] values = new double[rows * features];
        if (!data.isEmpty() && data.get(0).isArray()) {
            if (data.size() != rows) {
                throw OipException.badRequest("inputs[0].data has " + data.size() + " rows; the shape says " + rows);
            }
            for (int r = 0; r < rows; r++) {
                JsonNode row = data.get(r);
                if (!row.isArray() || row.size() != features) {
                    throw OipException.badRequest("inputs[0].data[" + r + "] must be an array of " + features
                            + " numbers");
                }
                for (int c = 0; c < features; c++) {
                    values[r * features + c] = value(row.get(c), "inputs[0].data[" + r + "][" + c + "]", integral,
                            datatype);
                }
            }
        } else {
            if (data.size() != values.length) {
                throw OipException.badRequest("inputs[0].data has " + data.size() + " values; shape [" + rows + ", "
                        + features + "] needs " + values.length);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = value(data.get(i), "inputs[0].data[" + i + "]", integral, datatype);
            }
        }
        return values;
    }

    private static double value(JsonNode node, String field, boolean integral, String datatype) {
        if (!node.isNumber()) {
            throw OipException.badRequest(field + " must be a number, was " + node);
        }
        if (integral && !node.isIntegralNumber()) {
            throw OipException.badRequest(field + " = " + node + " is not an integer (datatype " + datatype + ")");
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw OipException.badRequest(field + " is not a finite number");
        }
        return value;
    }

    private static List<String> outputs(JsonNode outputs) {
        if (outputs == null || outputs.isNull() || (outputs.isArray() && outputs.isEmpty())) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw OipException.badRequest("outputs must be an array of {\"name\": ...}");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode name = outputs.get(i).get("name");
            if (name == null || !OUTPUTS.contains(name.asString(""))) {
                throw OipException.badRequest("outputs[" + i + "].name must be one of " + OUTPUTS + ", was "
                        + (name == null ? "missing" : name));
            }
            names.add(name.asString());
        }
        return new ArrayList<>(names);
    }
}
