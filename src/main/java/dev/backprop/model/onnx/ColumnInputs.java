package dev.backprop.model.onnx;

import java.util.List;

import dev.backprop.engine.InputEncoder;
import dev.backprop.model.onnx.OnnxProto.DataType;

/**
 * One input of shape [N, 1] per column, named after it — FP64 for a numeric column (NaN =
 * missing), STRING for a categorical one (the empty string = missing) — the layout of converters
 * such as skl2onnx, where each column has its own type.
 */
record ColumnInputs(InputEncoder encoder) implements InputEncoding {

    ColumnInputs {
        for (InputEncoder.Input input : encoder.inputs()) {
            String name = input.name();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a feature with an empty name cannot be an ONNX input "
                        + "(an empty name means 'omitted'); export with inputs=tensor");
            }
            if (NetworkGraph.OUTPUTS.contains(name)) {
                throw new IllegalArgumentException("feature '" + name + "' has the name of an ONNX output "
                        + NetworkGraph.OUTPUTS + "; export with inputs=tensor");
            }
        }
    }

    @Override
    public String encode(OnnxGraph graph) {
        List<String> columns = encoder.inputs().stream().map(input -> input instanceof InputEncoder.NumericInput
                ? graph.input(input.name(), DataType.DOUBLE, 1, "column '" + input.name() + "', raw value (NaN = missing)")
                : graph.input(input.name(), DataType.STRING, 1, "column '" + input.name() + "', its level (\"\" = missing)"))
                .toList();
        return EncoderGraph.encode(graph, encoder, columns);
    }
}
