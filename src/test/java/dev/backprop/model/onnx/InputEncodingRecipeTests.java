package dev.backprop.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.DoubleBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;
import dev.backprop.model.onnx.OnnxProto.ModelProto;
import dev.backprop.model.onnx.OnnxProto.OperatorSetIdProto;

/**
 * The per-column recipe that {@link InputEncoding} documents for categorical and missing values,
 * run in onnxruntime, so that the encodings built on it later start from operators known to
 * behave as promised: one-hot over training levels with an unseen level all zeros, and a
 * missing numeric imputed with a 0/1 indicator beside it.
 */
class InputEncodingRecipeTests {

    @Test
    void oneHotAndImputationBehaveAsDocumented() throws Exception {
        OnnxGraph g = new OnnxGraph();
        String colour = g.input("colour", DataType.STRING, 1, "categorical");
        String width = g.input("width", DataType.DOUBLE, 1, "numeric, NaN when missing");
        // one-hot: [N, 1] against the levels [L] broadcasts to [N, L]
        String oneHot = g.node("Cast", "colour_one_hot", List.of(AttributeProto.ofInt("to", DataType.DOUBLE.number)),
                g.node("Equal", "colour_is_level", colour, g.strings("colour_levels", List.of("red", "green", "blue"))));
        // imputation: the training mean where the value is missing, and an indicator column
        String missing = g.node("IsNaN", "width_missing", width);
        String imputed = g.node("Where", "width_imputed", missing, g.scalar("width_mean", 2.5), width);
        String indicator = g.node("Cast", "width_indicator", List.of(AttributeProto.ofInt("to", DataType.DOUBLE.number)),
                missing);
        String x = g.node("Concat", "x", List.of(AttributeProto.ofInt("axis", 1)), oneHot, imputed, indicator);
        // an output named otherwise than the value it shows gets an Identity node
        g.output(x, "encoded", DataType.DOUBLE, 5L, "encoded");
        byte[] model = new ModelProto(OnnxExporter.IR_VERSION, List.of(new OperatorSetIdProto("", OnnxExporter.OPSET)),
                "test", "test", "", 1, null, g.build("recipe", null), List.of()).toByteArray();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model);
             OnnxTensor colours = OnnxTensor.createTensor(env, new String[] {"green", "purple", "red"}, new long[] {3, 1});
             OnnxTensor widths = OnnxTensor.createTensor(env, DoubleBuffer.wrap(new double[] {1.0, Double.NaN, -4}),
                     new long[] {3, 1})) {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            inputs.put("colour", colours);
            inputs.put("width", widths);
            try (OrtSession.Result result = session.run(inputs)) {
                double[][] encoded = (double[][]) result.get("encoded").orElseThrow().getValue();
                assertThat(encoded[0]).containsExactly(0, 1, 0, 1.0, 0);
                // an unseen level is all zeros; a missing value is the mean, flagged
                assertThat(encoded[1]).containsExactly(0, 0, 0, 2.5, 1);
                assertThat(encoded[2]).containsExactly(1, 0, 0, -4, 0);
            }
        }
    }
}
