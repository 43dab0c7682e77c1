package dev.backprop.model.onnx;

import java.util.List;

import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;

/**
 * One FP64 input of shape [N, 1] per feature, named after it, joined in feature order: the
 * layout of converters such as skl2onnx, where each column can get its own type and encoding.
 */
record ColumnInputs(List<String> featureNames) implements InputEncoding {

    ColumnInputs {
        featureNames = List.copyOf(featureNames);
        for (String name : featureNames) {
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
        String[] columns = featureNames.stream()
                .map(name -> graph.input(name, DataType.DOUBLE, 1, "feature '" + name + "', raw value"))
                .toArray(String[]::new);
        // X = [x₁ x₂ … x_F], columns side by side
        return columns.length == 1 ? columns[0]
                : graph.node("Concat", "features", List.of(AttributeProto.ofInt("axis", 1)), columns);
    }
}
