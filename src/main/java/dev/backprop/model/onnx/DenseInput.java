package dev.backprop.model.onnx;

import java.util.ArrayList;
import java.util.List;

import dev.backprop.engine.InputEncoder;
import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;

/**
 * One FP64 input {@code input} of shape [N, features], the layout of the OIP tensor of the same
 * name (NaN for a missing value); for models whose columns are all numeric.
 */
record DenseInput(InputEncoder encoder) implements InputEncoding {

    static final String NAME = "input";

    DenseInput {
        for (InputEncoder.Input input : encoder.inputs()) {
            if (!(input instanceof InputEncoder.NumericInput)) {
                throw new IllegalArgumentException("column '" + input.name() + "' is categorical: a model with "
                        + "categorical columns exports with one input per column (inputs=columns)");
            }
        }
    }

    @Override
    public String encode(OnnxGraph graph) {
        List<String> names = encoder.inputs().stream().map(InputEncoder.Input::name).toList();
        String x = graph.input(NAME, DataType.DOUBLE, names.size(),
                "raw feature values (NaN = missing), columns in this order: " + String.join(", ", names));
        if (encoder.inputs().stream().noneMatch(i -> ((InputEncoder.NumericInput) i).indicator())) {
            return EncoderGraph.encodeDense(graph, encoder, x);
        }
        List<String> columns = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            // column j as [N, 1]
            columns.add(graph.node("Gather", "c" + j, List.of(AttributeProto.ofInt("axis", 1)), x,
                    graph.int64s("c" + j + "_index", j)));
        }
        return EncoderGraph.encode(graph, encoder, columns);
    }
}
