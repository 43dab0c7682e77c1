package dev.backprop.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;
import dev.backprop.model.onnx.OnnxProto.Dimension;
import dev.backprop.model.onnx.OnnxProto.GraphProto;
import dev.backprop.model.onnx.OnnxProto.NodeProto;
import dev.backprop.model.onnx.OnnxProto.TensorProto;
import dev.backprop.model.onnx.OnnxProto.ValueInfoProto;

/**
 * Collects the nodes, constants, inputs and outputs of one ONNX graph. Every method that adds
 * a node returns the name of the value it produces, so a graph reads as the expressions it
 * computes; names are made unique here, so that the parts of an export (input encoding,
 * normalisation, layers, outputs) never need to know each other's names.
 */
final class OnnxGraph {

    /** The batch dimension's name in every declared input and output shape. */
    static final String BATCH = "N";

    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<Long, String> scalars = new HashMap<>();

    /** Declares a graph input of shape [N, columns]; its name is kept as given, since callers feed it by name. */
    String input(String name, DataType type, long columns, String doc) {
        reserve(name);
        inputs.add(new ValueInfoProto(name, type, List.of(Dimension.named(BATCH), Dimension.of(columns)), doc));
        return name;
    }

    /** Makes {@code value} a graph output called {@code name}, of shape [N] or [N, columns]. */
    void output(String value, String name, DataType type, Long columns, String doc) {
        String produced = value;
        if (!value.equals(name)) {
            reserve(name);
            nodes.add(new NodeProto(List.of(value), List.of(name), name, "Identity", List.of(), null));
            produced = name;
        }
        List<Dimension> shape = columns == null ? List.of(Dimension.named(BATCH))
                : List.of(Dimension.named(BATCH), Dimension.of(columns));
        outputs.add(new ValueInfoProto(produced, type, shape, doc));
    }

    String doubles(String hint, long[] dims, double[] values) {
        String name = fresh(hint);
        initializers.add(TensorProto.ofDoubles(name, dims, values));
        return name;
    }

    /** A 0-d FP64 constant; one initializer per distinct value, however often it is asked for. */
    String scalar(String hint, double value) {
        return scalars.computeIfAbsent(Double.doubleToLongBits(value),
                bits -> doubles(hint, new long[0], new double[] {value}));
    }

    String int64s(String hint, long... values) {
        String name = fresh(hint);
        initializers.add(TensorProto.ofInt64s(name, new long[] {values.length}, values));
        return name;
    }

    String strings(String hint, List<String> values) {
        String name = fresh(hint);
        initializers.add(TensorProto.ofStrings(name, new long[] {values.size()}, values));
        return name;
    }

    /** Adds {@code op(inputs…)} with the given attributes; returns its (single) output's name. */
    String node(String op, String hint, List<AttributeProto> attributes, String... inputNames) {
        for (String input : inputNames) {
            if (!names.contains(input)) {
                throw new IllegalStateException(op + " reads '" + input + "', which nothing in the graph produces");
            }
        }
        String output = fresh(hint);
        nodes.add(new NodeProto(List.of(inputNames), List.of(output), output, op, attributes, null));
        return output;
    }

    String node(String op, String hint, String... inputNames) {
        return node(op, hint, List.of(), inputNames);
    }

    GraphProto build(String name, String doc) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("a graph needs at least one input and one output");
        }
        return new GraphProto(nodes, name, initializers, doc, inputs, outputs);
    }

    /** {@code hint}, or {@code hint_2}, {@code hint_3}, … if taken. */
    private String fresh(String hint) {
        String name = hint;
        for (int i = 2; names.contains(name); i++) {
            name = hint + "_" + i;
        }
        names.add(name);
        return name;
    }

    private void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the graph already has a value named '" + name + "'");
        }
    }
}
