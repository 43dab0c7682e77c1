package dev.backprop.model.onnx;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The part of the ONNX protobuf schema ({@code onnx/onnx.proto3}) that an exported network
 * needs, written by hand: each record is one message, each constant the field number the
 * specification gives it. Only encoding is needed, so there is no generated code and no protoc.
 */
final class OnnxProto {

    private OnnxProto() {
    }

    /** {@code TensorProto.DataType}: the element types the export uses. */
    enum DataType {
        INT64(7), STRING(8), DOUBLE(11);

        final int number;

        DataType(int number) {
            this.number = number;
        }
    }

    /** {@code OperatorSetIdProto}: an empty domain is the default ONNX operator set. */
    record OperatorSetIdProto(String domain, long version) implements ProtoWriter.Message {
        static final int DOMAIN = 1;
        static final int VERSION = 2;

        @Override
        public void writeTo(ProtoWriter w) {
            w.string(DOMAIN, domain).int64(VERSION, version);
        }
    }

    /** {@code StringStringEntryProto}: one {@code metadata_props} entry. */
    record StringStringEntryProto(String key, String value) implements ProtoWriter.Message {
        static final int KEY = 1;
        static final int VALUE = 2;

        @Override
        public void writeTo(ProtoWriter w) {
            w.string(KEY, key).string(VALUE, value);
        }
    }

    /**
     * {@code TensorProto} with its data in the typed field of its element type:
     * {@code double_data} (packed), {@code int64_data} (packed) or {@code string_data}.
     */
    record TensorProto(String name, DataType dataType, long[] dims, double[] doubles, long[] int64s,
                       List<String> strings) implements ProtoWriter.Message {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int INT64_DATA = 7;
        static final int STRING_DATA = 6;
        static final int NAME = 8;
        static final int DOUBLE_DATA = 10;

        static TensorProto ofDoubles(String name, long[] dims, double[] values) {
            checkCount(dims, values.length);
            return new TensorProto(name, DataType.DOUBLE, dims, values, new long[0], List.of());
        }

        static TensorProto ofInt64s(String name, long[] dims, long[] values) {
            checkCount(dims, values.length);
            return new TensorProto(name, DataType.INT64, dims, new double[0], values, List.of());
        }

        static TensorProto ofStrings(String name, long[] dims, List<String> values) {
            checkCount(dims, values.size());
            return new TensorProto(name, DataType.STRING, dims, new double[0], new long[0], List.copyOf(values));
        }

        private static void checkCount(long[] dims, int count) {
            long expected = 1;
            for (long d : dims) {
                expected *= d;
            }
            if (expected != count) {
                throw new IllegalArgumentException("a tensor of shape " + java.util.Arrays.toString(dims) + " holds "
                        + expected + " values, not " + count);
            }
        }

        @Override
        public void writeTo(ProtoWriter w) {
            w.packedInt64(DIMS, dims).int64(DATA_TYPE, dataType.number);
            switch (dataType) {
                case DOUBLE -> w.packedDoubles(DOUBLE_DATA, doubles);
                case INT64 -> w.packedInt64(INT64_DATA, int64s);
                case STRING -> w.byteStrings(STRING_DATA,
                        strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
            }
            w.string(NAME, name);
        }
    }

    /** {@code AttributeProto} of the kinds the export uses: INT, INTS, FLOAT, STRING or TENSOR. */
    record AttributeProto(String name, int type, long i, long[] ints, float f, String s, TensorProto t)
            implements ProtoWriter.Message {
        static final int NAME = 1;
        static final int F = 2;
        static final int I = 3;
        static final int S = 4;
        static final int T = 5;
        static final int INTS = 8;
        static final int TYPE = 20;

        /** {@code AttributeProto.AttributeType} */
        static final int TYPE_FLOAT = 1;
        static final int TYPE_INT = 2;
        static final int TYPE_STRING = 3;
        static final int TYPE_TENSOR = 4;
        static final int TYPE_INTS = 7;

        static AttributeProto ofInt(String name, long value) {
            return new AttributeProto(name, TYPE_INT, value, new long[0], 0, null, null);
        }

        static AttributeProto ofInts(String name, long... values) {
            return new AttributeProto(name, TYPE_INTS, 0, values.clone(), 0, null, null);
        }

        static AttributeProto ofFloat(String name, float value) {
            return new AttributeProto(name, TYPE_FLOAT, 0, new long[0], value, null, null);
        }

        static AttributeProto ofString(String name, String value) {
            return new AttributeProto(name, TYPE_STRING, 0, new long[0], 0, value, null);
        }

        static AttributeProto ofTensor(String name, TensorProto value) {
            return new AttributeProto(name, TYPE_TENSOR, 0, new long[0], 0, null, value);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            w.string(NAME, name);
            switch (type) {
                case TYPE_FLOAT -> w.float32(F, f);
                case TYPE_INT -> w.int64(I, i);
                // a UTF-8 string, kept in a bytes field
                case TYPE_STRING -> w.bytes(S, s.getBytes(StandardCharsets.UTF_8));
                case TYPE_TENSOR -> w.message(T, t);
                case TYPE_INTS -> w.packedInt64(INTS, ints);
                default -> throw new IllegalStateException("attribute type " + type);
            }
            w.int64(TYPE, type);
        }
    }

    /** {@code NodeProto}: one operator call in the default domain. */
    record NodeProto(List<String> input, List<String> output, String name, String opType,
                     List<AttributeProto> attribute, String docString) implements ProtoWriter.Message {
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int NAME = 3;
        static final int OP_TYPE = 4;
        static final int ATTRIBUTE = 5;
        static final int DOC_STRING = 6;

        NodeProto {
            input = List.copyOf(input);
            output = List.copyOf(output);
            attribute = List.copyOf(attribute);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            w.strings(INPUT, input).strings(OUTPUT, output).string(NAME, name).string(OP_TYPE, opType)
                    .messages(ATTRIBUTE, attribute).string(DOC_STRING, docString);
        }
    }

    /** One dimension of a {@code TensorShapeProto}: a fixed size, or a named variable one. */
    record Dimension(long value, String param) implements ProtoWriter.Message {
        static final int DIM_VALUE = 1;
        static final int DIM_PARAM = 2;

        static Dimension of(long value) {
            return new Dimension(value, null);
        }

        static Dimension named(String param) {
            return new Dimension(0, param);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            if (param != null) {
                w.string(DIM_PARAM, param);
            } else {
                // a oneof member is written even when 0: its presence says which member is set
                w.int64Always(DIM_VALUE, value);
            }
        }
    }

    /**
     * {@code ValueInfoProto} of a tensor: {@code type} is a {@code TypeProto} whose
     * {@code tensor_type} (a {@code TypeProto.Tensor}) names the element type and the shape.
     */
    record ValueInfoProto(String name, DataType elementType, List<Dimension> shape, String docString)
            implements ProtoWriter.Message {
        static final int NAME = 1;
        static final int TYPE = 2;
        static final int DOC_STRING = 3;
        /** {@code TypeProto.tensor_type} */
        static final int TYPE_TENSOR_TYPE = 1;
        /** {@code TypeProto.Tensor.elem_type} and {@code .shape} */
        static final int TENSOR_ELEM_TYPE = 1;
        static final int TENSOR_SHAPE = 2;
        /** {@code TensorShapeProto.dim} */
        static final int SHAPE_DIM = 1;

        ValueInfoProto {
            shape = List.copyOf(shape);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            ProtoWriter.Message dims = s -> s.messages(SHAPE_DIM, shape);
            ProtoWriter.Message tensor = t -> t.int64(TENSOR_ELEM_TYPE, elementType.number).message(TENSOR_SHAPE, dims);
            ProtoWriter.Message type = t -> t.message(TYPE_TENSOR_TYPE, tensor);
            w.string(NAME, name).message(TYPE, type).string(DOC_STRING, docString);
        }
    }

    /** {@code GraphProto} */
    record GraphProto(List<NodeProto> node, String name, List<TensorProto> initializer, String docString,
                      List<ValueInfoProto> input, List<ValueInfoProto> output) implements ProtoWriter.Message {
        static final int NODE = 1;
        static final int NAME = 2;
        static final int INITIALIZER = 5;
        static final int DOC_STRING = 10;
        static final int INPUT = 11;
        static final int OUTPUT = 12;

        GraphProto {
            node = List.copyOf(node);
            initializer = List.copyOf(initializer);
            input = List.copyOf(input);
            output = List.copyOf(output);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            w.messages(NODE, node).string(NAME, name).messages(INITIALIZER, initializer).string(DOC_STRING, docString)
                    .messages(INPUT, input).messages(OUTPUT, output);
        }
    }

    /** {@code ModelProto} */
    record ModelProto(long irVersion, List<OperatorSetIdProto> opsetImport, String producerName,
                      String producerVersion, String domain, long modelVersion, String docString, GraphProto graph,
                      List<StringStringEntryProto> metadataProps) implements ProtoWriter.Message {
        static final int IR_VERSION = 1;
        static final int PRODUCER_NAME = 2;
        static final int PRODUCER_VERSION = 3;
        static final int DOMAIN = 4;
        static final int MODEL_VERSION = 5;
        static final int DOC_STRING = 6;
        static final int GRAPH = 7;
        static final int OPSET_IMPORT = 8;
        static final int METADATA_PROPS = 14;

        ModelProto {
            opsetImport = List.copyOf(opsetImport);
            metadataProps = List.copyOf(metadataProps);
        }

        @Override
        public void writeTo(ProtoWriter w) {
            w.int64(IR_VERSION, irVersion).string(PRODUCER_NAME, producerName)
                    .string(PRODUCER_VERSION, producerVersion).string(DOMAIN, domain)
                    .int64(MODEL_VERSION, modelVersion).string(DOC_STRING, docString).message(GRAPH, graph)
                    .messages(OPSET_IMPORT, opsetImport).messages(METADATA_PROPS, metadataProps);
        }
    }
}
