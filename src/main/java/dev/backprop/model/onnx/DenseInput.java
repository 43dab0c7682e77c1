package dev.backprop.model.onnx;

import java.util.List;

import dev.backprop.model.onnx.OnnxProto.DataType;

/** One FP64 input {@code input} of shape [N, features], the layout of the OIP tensor of the same name. */
record DenseInput(List<String> featureNames) implements InputEncoding {

    static final String NAME = "input";

    DenseInput {
        featureNames = List.copyOf(featureNames);
    }

    @Override
    public String encode(OnnxGraph graph) {
        return graph.input(NAME, DataType.DOUBLE, featureNames.size(),
                "raw feature values, columns in this order: " + String.join(", ", featureNames));
    }
}
