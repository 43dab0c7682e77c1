package dev.backprop.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;

import dev.backprop.engine.NetworkParameters;
import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;
import dev.backprop.model.onnx.OnnxProto.Dimension;
import dev.backprop.model.onnx.OnnxProto.NodeProto;
import dev.backprop.model.onnx.OnnxProto.TensorProto;
import dev.backprop.model.onnx.OnnxProto.ValueInfoProto;

/**
 * The hand-written ONNX messages, decoded again with protobuf-java's schema-less parser
 * ({@link UnknownFieldSet}): every field must sit at the number {@code onnx.proto3} gives it,
 * with the wire type and encoding a generated parser expects.
 */
class ProtoWriterTests {

    @Test
    void proto3DefaultsAreLeftOutAsProtocWould() {
        byte[] bytes = ProtoWriter.encode(w -> w.int64(1, 0).string(2, "").string(3, null).bytes(4, new byte[0])
                .float32(5, 0f).packedInt64(6, new long[0]).packedDoubles(7, new double[0]));
        assertThat(bytes).isEmpty();
    }

    @Test
    void nestedMessagesAreLengthPrefixedWithTheirOwnSize() throws IOException {
        ProtoWriter.Message inner = w -> w.string(1, "abc").packedDoubles(2, new double[] {1, 2});
        ProtoWriter.Message outer = w -> w.message(3, inner).message(4, x -> { }).int64(5, 300);
        byte[] bytes = ProtoWriter.encode(outer);
        assertThat(bytes).hasSize(ProtoWriter.sizeOf(outer));
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
        ByteString nested = fields.getField(3).getLengthDelimitedList().get(0);
        assertThat(nested.size()).isEqualTo(ProtoWriter.sizeOf(inner));
        assertThat(strings(UnknownFieldSet.parseFrom(nested).getField(1))).containsExactly("abc");
        // an empty nested message is still there, with length 0
        assertThat(fields.getField(4).getLengthDelimitedList()).containsExactly(ByteString.EMPTY);
        assertThat(fields.getField(5).getVarintList()).containsExactly(300L);
    }

    @Test
    void repeatedStringsKeepEmptyElements() throws IOException {
        // an empty input name means "optional input omitted" in ONNX: it must not vanish
        NodeProto node = new NodeProto(List.of("x", "", "w"), List.of("y"), "clip", "Clip", List.of(), null);
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(node.toByteArray());
        assertThat(strings(fields.getField(NodeProto.INPUT))).containsExactly("x", "", "w");
        assertThat(strings(fields.getField(NodeProto.OUTPUT))).containsExactly("y");
        assertThat(strings(fields.getField(NodeProto.NAME))).containsExactly("clip");
        assertThat(strings(fields.getField(NodeProto.OP_TYPE))).containsExactly("Clip");
        assertThat(fields.hasField(NodeProto.DOC_STRING)).isFalse();
    }

    @Test
    void doubleTensorsArePackedLittleEndianDoubles() throws IOException {
        double[] values = {1.5, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, Math.PI};
        TensorProto tensor = TensorProto.ofDoubles("W1", new long[] {2, 3}, values);
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(tensor.toByteArray());
        assertThat(packedInt64s(fields.getField(TensorProto.DIMS))).containsExactly(2L, 3L);
        assertThat(fields.getField(TensorProto.DATA_TYPE).getVarintList()).containsExactly(11L);
        assertThat(strings(fields.getField(TensorProto.NAME))).containsExactly("W1");
        List<ByteString> packed = fields.getField(TensorProto.DOUBLE_DATA).getLengthDelimitedList();
        assertThat(packed).hasSize(1);
        assertThat(packed.get(0).size()).isEqualTo(values.length * Double.BYTES);
        CodedInputStream in = packed.get(0).newCodedInput();
        for (double v : values) {
            assertThat(Double.doubleToRawLongBits(in.readDouble())).isEqualTo(Double.doubleToRawLongBits(v));
        }
        assertThat(in.isAtEnd()).isTrue();
    }

    @Test
    void int64TensorsTakeNegativeValuesAsTenByteVarints() throws IOException {
        long[] values = {1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0};
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(
                TensorProto.ofInt64s("axes", new long[] {5}, values).toByteArray());
        assertThat(fields.getField(TensorProto.DATA_TYPE).getVarintList()).containsExactly(7L);
        assertThat(packedInt64s(fields.getField(TensorProto.INT64_DATA))).containsExactly(1L, -1L, Long.MIN_VALUE,
                Long.MAX_VALUE, 0L);
    }

    @Test
    void stringTensorsHoldUtf8Bytes() throws IOException {
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(
                TensorProto.ofStrings("classes", new long[] {3}, List.of("setosa", "", "Blütenblatt")).toByteArray());
        assertThat(fields.getField(TensorProto.DATA_TYPE).getVarintList()).containsExactly(8L);
        assertThat(strings(fields.getField(TensorProto.STRING_DATA))).containsExactly("setosa", "", "Blütenblatt");
    }

    @Test
    void tensorShapeMustFitItsValues() {
        assertThatThrownBy(() -> TensorProto.ofDoubles("w", new long[] {2, 2}, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4 values, not 3");
    }

    @Test
    void attributesCarryTheirTypeAndValueField() throws IOException {
        UnknownFieldSet axis = UnknownFieldSet.parseFrom(AttributeProto.ofInt("axis", -1).toByteArray());
        assertThat(strings(axis.getField(AttributeProto.NAME))).containsExactly("axis");
        assertThat(axis.getField(AttributeProto.I).getVarintList()).containsExactly(-1L);
        assertThat(axis.getField(AttributeProto.TYPE).getVarintList()).containsExactly(2L);

        UnknownFieldSet perm = UnknownFieldSet.parseFrom(AttributeProto.ofInts("perm", 1, 0).toByteArray());
        assertThat(perm.getField(AttributeProto.TYPE).getVarintList()).containsExactly(7L);
        assertThat(packedInt64s(perm.getField(AttributeProto.INTS))).containsExactly(1L, 0L);

        UnknownFieldSet alpha = UnknownFieldSet.parseFrom(AttributeProto.ofFloat("alpha", 0.25f).toByteArray());
        assertThat(alpha.getField(AttributeProto.TYPE).getVarintList()).containsExactly(1L);
        assertThat(Float.intBitsToFloat(alpha.getField(AttributeProto.F).getFixed32List().get(0))).isEqualTo(0.25f);

        UnknownFieldSet mode = UnknownFieldSet.parseFrom(AttributeProto.ofString("mode", "constant").toByteArray());
        assertThat(mode.getField(AttributeProto.TYPE).getVarintList()).containsExactly(3L);
        assertThat(strings(mode.getField(AttributeProto.S))).containsExactly("constant");

        UnknownFieldSet value = UnknownFieldSet.parseFrom(AttributeProto.ofTensor("value",
                TensorProto.ofDoubles("", new long[0], new double[] {2})).toByteArray());
        assertThat(value.getField(AttributeProto.TYPE).getVarintList()).containsExactly(4L);
        UnknownFieldSet tensor = UnknownFieldSet.parseFrom(value.getField(AttributeProto.T).getLengthDelimitedList().get(0));
        assertThat(tensor.getField(TensorProto.DATA_TYPE).getVarintList()).containsExactly(11L);
        assertThat(tensor.hasField(TensorProto.DIMS)).as("a scalar has no dims").isFalse();
    }

    @Test
    void valueInfoNestsTypeTensorTypeAndShape() throws IOException {
        ValueInfoProto info = new ValueInfoProto("input", DataType.DOUBLE,
                List.of(Dimension.named("N"), Dimension.of(4), Dimension.of(0)), "raw features");
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(info.toByteArray());
        assertThat(strings(fields.getField(ValueInfoProto.NAME))).containsExactly("input");
        assertThat(strings(fields.getField(ValueInfoProto.DOC_STRING))).containsExactly("raw features");
        UnknownFieldSet type = nested(fields, ValueInfoProto.TYPE);
        UnknownFieldSet tensor = nested(type, ValueInfoProto.TYPE_TENSOR_TYPE);
        assertThat(tensor.getField(ValueInfoProto.TENSOR_ELEM_TYPE).getVarintList()).containsExactly(11L);
        List<ByteString> dims = nested(tensor, ValueInfoProto.TENSOR_SHAPE).getField(ValueInfoProto.SHAPE_DIM)
                .getLengthDelimitedList();
        assertThat(dims).hasSize(3);
        UnknownFieldSet batch = UnknownFieldSet.parseFrom(dims.get(0));
        assertThat(strings(batch.getField(Dimension.DIM_PARAM))).containsExactly("N");
        assertThat(batch.hasField(Dimension.DIM_VALUE)).isFalse();
        assertThat(UnknownFieldSet.parseFrom(dims.get(1)).getField(Dimension.DIM_VALUE).getVarintList())
                .containsExactly(4L);
        // a oneof member is present even at its default, so a 0-size dimension is not "unknown"
        assertThat(UnknownFieldSet.parseFrom(dims.get(2)).getField(Dimension.DIM_VALUE).getVarintList())
                .containsExactly(0L);
    }

    @Test
    void anExportedModelHasTheModelProtoLayout() throws IOException {
        NetworkParameters network = OnnxParityTests.randomNetwork(new java.util.SplittableRandom(1),
                dev.backprop.engine.Activation.TANH, dev.backprop.engine.Activation.SOFTMAX,
                dev.backprop.engine.Normalization.Z_SCORE, 1, true);
        byte[] bytes = OnnxExporter.export(network, new OnnxExporter.ModelInfo("iris", 3,
                Map.of("datasetSha256", "abc"), "1.2.3"));
        UnknownFieldSet model = UnknownFieldSet.parseFrom(bytes);
        assertThat(model.getField(OnnxProto.ModelProto.IR_VERSION).getVarintList()).containsExactly(10L);
        assertThat(strings(model.getField(OnnxProto.ModelProto.PRODUCER_NAME))).containsExactly("backprop-service");
        assertThat(strings(model.getField(OnnxProto.ModelProto.PRODUCER_VERSION))).containsExactly("1.2.3");
        assertThat(model.getField(OnnxProto.ModelProto.MODEL_VERSION).getVarintList()).containsExactly(3L);
        UnknownFieldSet opset = nested(model, OnnxProto.ModelProto.OPSET_IMPORT);
        assertThat(opset.hasField(OnnxProto.OperatorSetIdProto.DOMAIN)).as("the default domain is empty").isFalse();
        assertThat(opset.getField(OnnxProto.OperatorSetIdProto.VERSION).getVarintList()).containsExactly(21L);

        List<String> metadataKeys = new ArrayList<>();
        for (ByteString entry : model.getField(OnnxProto.ModelProto.METADATA_PROPS).getLengthDelimitedList()) {
            metadataKeys.add(strings(UnknownFieldSet.parseFrom(entry).getField(OnnxProto.StringStringEntryProto.KEY))
                    .get(0));
        }
        assertThat(metadataKeys).containsExactly("datasetSha256", "featureNames", "classNames", "task", "normalization");

        UnknownFieldSet graph = nested(model, OnnxProto.ModelProto.GRAPH);
        assertThat(strings(graph.getField(OnnxProto.GraphProto.NAME))).containsExactly("iris");
        List<String> ops = new ArrayList<>();
        for (ByteString node : graph.getField(OnnxProto.GraphProto.NODE).getLengthDelimitedList()) {
            ops.add(strings(UnknownFieldSet.parseFrom(node).getField(NodeProto.OP_TYPE)).get(0));
        }
        // missing values imputed, z-score, one tanh layer with bias, a softmax output layer with bias, the label
        assertThat(ops).containsExactly("IsNaN", "Where", "Sub", "Div", "MatMul", "Add", "Tanh", "MatMul", "Add",
                "Softmax", "ArgMax", "Gather");
        assertThat(graph.getField(OnnxProto.GraphProto.INPUT).getLengthDelimitedList()).hasSize(1);
        assertThat(graph.getField(OnnxProto.GraphProto.OUTPUT).getLengthDelimitedList()).hasSize(2);
        // impute, shift, scale, W1, b1, W2, b2, class names
        assertThat(graph.getField(OnnxProto.GraphProto.INITIALIZER).getLengthDelimitedList()).hasSize(8);
    }

    private static UnknownFieldSet nested(UnknownFieldSet fields, int number) throws IOException {
        List<ByteString> values = fields.getField(number).getLengthDelimitedList();
        assertThat(values).as("field %d", number).hasSize(1);
        return UnknownFieldSet.parseFrom(values.get(0));
    }

    private static List<String> strings(Field field) {
        return field.getLengthDelimitedList().stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }

    private static List<Long> packedInt64s(Field field) throws IOException {
        List<ByteString> packed = field.getLengthDelimitedList();
        assertThat(packed).as("one packed run").hasSize(1);
        CodedInputStream in = packed.get(0).newCodedInput();
        List<Long> values = new ArrayList<>();
        while (!in.isAtEnd()) {
            values.add(in.readInt64());
        }
        return values;
    }
}
