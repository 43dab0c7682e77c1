package dev.backprop.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.google.protobuf.CodedOutputStream;

/**
 * Writes one protobuf message field by field in the wire format, as protoc's generated code
 * would for proto3: scalars equal to their default (0, "", empty) are left out, repeated
 * scalars are packed, nested messages are length-delimited. Elements of a repeated string are
 * all written, empty ones too, since ONNX gives an empty input name a meaning (an omitted
 * optional input).
 */
final class ProtoWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    /** A message that can write its own fields. */
    interface Message {
        void writeTo(ProtoWriter writer);

        default byte[] toByteArray() {
            ProtoWriter writer = new ProtoWriter();
            writeTo(writer);
            return writer.toByteArray();
        }
    }

    ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            write(() -> out.writeString(field, value));
        }
        return this;
    }

    ProtoWriter strings(int field, List<String> values) {
        for (String value : values) {
            write(() -> out.writeString(field, value));
        }
        return this;
    }

    /** {@code repeated bytes}: ONNX keeps STRING tensor elements here as UTF-8 bytes. */
    ProtoWriter byteStrings(int field, List<byte[]> values) {
        for (byte[] value : values) {
            write(() -> out.writeByteArray(field, value));
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        if (value != null && value.length > 0) {
            write(() -> out.writeByteArray(field, value));
        }
        return this;
    }

    /** int64 and int32 fields alike (a non-negative int32 has the same varint as the int64). */
    ProtoWriter int64(int field, long value) {
        if (value != 0) {
            write(() -> out.writeInt64(field, value));
        }
        return this;
    }

    /** An int64 written even when 0, as a oneof member must be. */
    ProtoWriter int64Always(int field, long value) {
        write(() -> out.writeInt64(field, value));
        return this;
    }

    ProtoWriter float32(int field, float value) {
        if (Float.floatToRawIntBits(value) != 0) {
            write(() -> out.writeFloat(field, value));
        }
        return this;
    }

    ProtoWriter packedInt64(int field, long[] values) {
        if (values.length > 0) {
            int size = 0;
            for (long v : values) {
                size += CodedOutputStream.computeInt64SizeNoTag(v);
            }
            int length = size;
            write(() -> {
                out.writeTag(field, WIRE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(length);
                for (long v : values) {
                    out.writeInt64NoTag(v);
                }
            });
        }
        return this;
    }

    ProtoWriter packedDoubles(int field, double[] values) {
        if (values.length > 0) {
            write(() -> {
                out.writeTag(field, WIRE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(Math.multiplyExact(values.length, Double.BYTES));
                for (double v : values) {
                    out.writeDoubleNoTag(v);
                }
            });
        }
        return this;
    }

    /** A nested message, written even when it has no fields (its presence may carry meaning). */
    ProtoWriter message(int field, Message value) {
        if (value != null) {
            byte[] encoded = value.toByteArray();
            write(() -> out.writeByteArray(field, encoded));
        }
        return this;
    }

    ProtoWriter messages(int field, List<? extends Message> values) {
        for (Message value : values) {
            message(field, value);
        }
        return this;
    }

    byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    /** The wire type of strings, bytes, nested messages and packed repeated scalars. */
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private interface Write {
        void run() throws IOException;
    }

    /** The stream writes into memory: an IOException here would be a bug, not a condition to handle. */
    private static void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a protobuf message into memory failed", e);
        }
    }
}
