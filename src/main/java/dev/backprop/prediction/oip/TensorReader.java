package dev.backprop.prediction.oip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.backprop.engine.NetworkModel;
import dev.backprop.prediction.InstanceRows;
import dev.backprop.prediction.InvalidInstanceException;
import dev.backprop.system.MemoryBudget;
import tools.jackson.databind.JsonNode;

/**
 * Tokenizes an {@code $inference_request} into {@link InstanceRows}, which owns the rules for the
 * values. Two layouts: one tensor {@code [n, features]} (or {@code [features]} for one row),
 * FP32/FP64/INT32/INT64, data flat or nested — for models whose columns are all numeric; or
 * KServe's columnar convention, one tensor {@code [n]} (or {@code [n, 1]}) per column named after
 * it, numeric for a numeric column and BYTES for a categorical one (a column left out is missing).
 * Every declared size is checked against the data actually present before anything is allocated.
 * Every fault is a 400 {@code {"error": …}} naming the tensor and field.
 */
final class TensorReader {

    static final String INPUT = "input";
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    /** The raw outputs of a sigmoid-output model (for softmax, the probabilities themselves). */
    static final String SCORES = "scores";
    /** A regression's predicted values. */
    static final String VALUE = "value";
    static final List<String> OUTPUTS = List.of(LABEL, PROBABILITIES, SCORES, VALUE);
    private static final Set<String> NUMERIC = Set.of("FP32", "FP64", "INT32", "INT64");

    /** The instances read, and the outputs asked for (in request order; empty = the defaults). */
    record Input(InstanceRows rows, List<String> outputs) {
    }

    private TensorReader() {
    }

    static Input read(JsonNode request, NetworkModel model, int maxRows, MemoryBudget budget) {
        if (request == null || !request.isObject()) {
            throw OipException.badRequest("the request must be a JSON object with \"inputs\"");
        }
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw OipException.badRequest("inputs must be a non-empty array of tensors");
        }
        String first = name(inputs.get(0), 0);
        boolean columnar = model.featureColumns().containsKey(first);
        // one tensor of any name (input, input0, input-0: clients differ) is the whole row
        if (!columnar && inputs.size() > 1) {
            throw OipException.badRequest("the model takes one input tensor (FP64, shape [-1, " + model.featureCount()
                    + "]) or one tensor per column, named after it (" + String.join(", ", model.featureNames())
                    + "); got " + inputs.size() + " tensors, the first named '" + first + "'");
        }
        List<String> outputs = outputs(request.get("outputs"));
        InstanceRows rows = null;
        try {
            if (columnar) {
                rows = new InstanceRows(model, maxRows, (row, column) -> "input '" + column + "' row " + row, budget);
                readColumns(inputs, model, rows, maxRows);
            } else {
                rows = new InstanceRows(model, maxRows, (row, column) -> "inputs[0] row " + row
                        + (column == null ? "" : ", column '" + column + "'"), budget);
                readTensor(inputs.get(0), model, rows, maxRows);
            }
            return new Input(rows, outputs);
        } catch (InvalidInstanceException e) {
            if (rows != null) {
                rows.close();
            }
            throw OipException.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            if (rows != null) {
                rows.close();
            }
            throw e;
        }
    }

    private static String name(JsonNode input, int i) {
        if (!input.isObject()) {
            throw OipException.badRequest("inputs[" + i + "] must be a tensor object {name, shape, datatype, data}");
        }
        JsonNode name = input.get("name");
        if (name == null || !name.isString()) {
            throw OipException.badRequest("inputs[" + i + "].name is required");
        }
        return name.asString();
    }

    /** One [n, features] tensor, columns in the model's order. */
    private static void readTensor(JsonNode input, NetworkModel model, InstanceRows rows, int maxRows) {
        int features = model.featureCount();
        for (int j = 0; j < features; j++) {
            if (model.categorical(j)) {
                throw OipException.badRequest("column '" + model.featureNames().get(j) + "' is categorical: send one "
                        + "tensor per column, named after it (BYTES for categorical columns, shape [n])");
            }
        }
        String datatype = datatype(input.get("datatype"), "inputs[0]", NUMERIC);
        long[] shape = shape(input.get("shape"), "inputs[0]");
        if (shape.length > 2 || shape[shape.length - 1] != features) {
            throw OipException.badRequest("inputs[0].shape " + input.get("shape") + " does not fit the model: it takes "
                    + features + " features, shape [n, " + features + "]");
        }
        long n = shape.length == 2 ? shape[0] : 1;
        checkRows(n, "inputs[0]", input.get("shape"), maxRows);
        JsonNode data = input.get("data");
        boolean nested = data != null && data.isArray() && !data.isEmpty() && data.get(0).isArray();
        if (data == null || !data.isArray()) {
            throw OipException.badRequest("inputs[0].data must be an array, flat or nested as the shape");
        }
        // the data present, against the shape declared, before anything is allocated for it
        if (nested ? data.size() != n : data.size() != n * features) {
            throw OipException.badRequest("inputs[0].data has " + data.size() + (nested ? " rows" : " values")
                    + "; shape " + input.get("shape") + " needs " + (nested ? n + " rows" : n * features + " values"));
        }
        boolean integral = datatype.startsWith("INT");
        for (int r = 0; r < n; r++) {
            rows.begin();
            JsonNode row = nested ? data.get(r) : null;
            if (nested && (!row.isArray() || row.size() != features)) {
                throw OipException.badRequest("inputs[0].data[" + r + "] must be an array of " + features + " numbers");
            }
            for (int c = 0; c < features; c++) {
                JsonNode value = nested ? row.get(c) : data.get(r * features + c);
                String field = nested ? "inputs[0].data[" + r + "][" + c + "]" : "inputs[0].data[" + (r * features + c) + "]";
                number(rows, c, value, field, integral, datatype);
            }
            rows.end();
        }
    }

    /** One [n] tensor per column, named after it; a column left out is missing in every row. */
    private static void readColumns(JsonNode inputs, NetworkModel model, InstanceRows rows, int maxRows) {
        int[] columnOf = new int[inputs.size()];
        boolean[] categorical = new boolean[inputs.size()];
        Set<String> seen = new HashSet<>();
        long n = -1;
        for (int i = 0; i < inputs.size(); i++) {
            String at = "inputs[" + i + "]";
            String name = name(inputs.get(i), i);
            Integer j = model.featureColumns().get(name);
            if (j == null) {
                throw OipException.badRequest(at + ".name '" + name + "' is not a column of the model; its columns are "
                        + String.join(", ", model.featureNames()));
            }
            if (!seen.add(name)) {
                throw OipException.badRequest(at + ".name '" + name + "' is given twice");
            }
            columnOf[i] = j;
            categorical[i] = model.categorical(j);
            JsonNode tensor = inputs.get(i);
            datatype(tensor.get("datatype"), at, categorical[i] ? Set.of("BYTES") : NUMERIC);
            long[] shape = shape(tensor.get("shape"), at);
            if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
                throw OipException.badRequest(at + ".shape " + tensor.get("shape") + " must be [n] or [n, 1]: one "
                        + "value per row of column '" + name + "'");
            }
            if (n >= 0 && shape[0] != n) {
                throw OipException.badRequest(at + ".shape " + tensor.get("shape") + " has " + shape[0] + " rows, the "
                        + "tensors before it " + n);
            }
            n = shape[0];
            JsonNode data = tensor.get("data");
            if (data == null || !data.isArray() || data.size() != n) {
                throw OipException.badRequest(at + ".data must be an array of " + n + " values (shape "
                        + tensor.get("shape") + "), had " + (data == null || !data.isArray() ? "none" : data.size()));
            }
        }
        checkRows(n, "inputs", null, maxRows);
        for (int r = 0; r < n; r++) {
            rows.begin();
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode tensor = inputs.get(i);
                JsonNode value = tensor.get("data").get(r);
                value = value.isArray() && value.size() == 1 ? value.get(0) : value;
                String field = "inputs[" + i + "].data[" + r + "]";
                if (value.isNull()) {
                    rows.missing(columnOf[i]);
                } else if (categorical[i]) {
                    if (!value.isString()) {
                        throw OipException.badRequest(field + " must be a string (BYTES), was " + value);
                    }
                    rows.text(columnOf[i], value.asString());
                } else {
                    String datatype = tensor.get("datatype").asString();
                    number(rows, columnOf[i], value, field, datatype.startsWith("INT"), datatype);
                }
            }
            rows.end();
        }
    }

    private static void number(InstanceRows rows, int j, JsonNode value, String field, boolean integral,
                               String datatype) {
        if (value == null || value.isNull()) {
            rows.missing(j);
            return;
        }
        if (!value.isNumber()) {
            throw OipException.badRequest(field + " must be a number, was " + value);
        }
        if (integral && !value.isIntegralNumber()) {
            throw OipException.badRequest(field + " = " + value + " is not an integer (datatype " + datatype + ")");
        }
        rows.number(j, value.asDouble(), value.asString());
    }

    private static String datatype(JsonNode node, String at, Set<String> allowed) {
        if (node == null || !node.isString()) {
            throw OipException.badRequest(at + ".datatype is required (" + String.join(" or ", new java.util.TreeSet<>(allowed))
                    + ")");
        }
        String datatype = node.asString();
        if (!allowed.contains(datatype)) {
            throw OipException.badRequest(at + ".datatype '" + datatype + "' is not supported here; use "
                    + String.join(" or ", new java.util.TreeSet<>(allowed)));
        }
        return datatype;
    }

    /** The declared dimensions: non-negative integers that fit a long (anything else is a 400, never a 500). */
    private static long[] shape(JsonNode shape, String at) {
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            throw OipException.badRequest(at + ".shape must be a non-empty array of integers, was " + shape);
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
                throw OipException.badRequest(at + ".shape[" + i + "] must be a non-negative integer that fits in 64 "
                        + "bits, was " + dim);
            }
            dims[i] = dim.asLong();
        }
        return dims;
    }

    private static void checkRows(long n, String at, JsonNode shape, int maxRows) {
        if (n < 1) {
            throw OipException.badRequest(at + (shape == null ? "" : ".shape " + shape) + " holds no rows");
        }
        if (n > maxRows) {
            throw OipException.badRequest(at + (shape == null ? "" : ".shape " + shape) + " has " + n + " rows, more "
                    + "than " + maxRows + " (backprop.limits.prediction-instances)");
        }
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
