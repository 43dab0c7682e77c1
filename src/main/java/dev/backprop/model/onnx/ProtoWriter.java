package dev.backprop.model.onnx;

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
 *
 * <p>A message is walked twice: once to count its bytes, once to write them into an array of
 * exactly that size. A nested message's length prefix is counted from the message itself rather
 * than from an encoded copy, so a model's weights are held once as doubles and once as bytes,
 * never in intermediate buffers per nesting level.
 */
final class ProtoWriter {

    /** The wire type of strings, bytes, nested messages and packed repeated scalars. */
    private static final int WIRE_LENGTH_DELIMITED = 2;

    /** Where the bytes go; null while counting. */
    private final CodedOutputStream out;
    private long size;

    private ProtoWriter(CodedOutputStream out) {
        this.out = out;
    }

    /** A message that can write its own fields. */
    interface Message {
        void writeTo(ProtoWriter writer);

        default byte[] toByteArray() {
            return encode(this);
        }
    }

    static byte[] encode(Message message) {
        byte[] bytes = new byte[sizeOf(message)];
        CodedOutputStream stream = CodedOutputStream.newInstance(bytes);
        message.writeTo(new ProtoWriter(stream));
        stream.checkNoSpaceLeft();
        return bytes;
    }

    static int sizeOf(Message message) {
        ProtoWriter counter = new ProtoWriter(null);
        message.writeTo(counter);
        if (counter.size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the message needs " + counter.size
                    + " bytes, more than the 2 GiB a protobuf message can hold");
        }
        return (int) counter.size;
    }

    ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            stringAlways(field, value);
        }
        return this;
    }

    ProtoWriter strings(int field, List<String> values) {
        values.forEach(value -> stringAlways(field, value));
        return this;
    }

    private void stringAlways(int field, String value) {
        if (out == null) {
            size += CodedOutputStream.computeStringSize(field, value);
        } else {
            write(() -> out.writeString(field, value));
        }
    }

    /** {@code repeated bytes}: ONNX keeps STRING tensor elements here as UTF-8 bytes. */
    ProtoWriter byteStrings(int field, List<byte[]> values) {
        values.forEach(value -> bytesAlways(field, value));
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        if (value != null && value.length > 0) {
            bytesAlways(field, value);
        }
        return this;
    }

    private void bytesAlways(int field, byte[] value) {
        if (out == null) {
            size += CodedOutputStream.computeByteArraySize(field, value);
        } else {
            write(() -> out.writeByteArray(field, value));
        }
    }

    /** int64 and int32 fields alike (an int32 has the same varint as the int64 of its value). */
    ProtoWriter int64(int field, long value) {
        return value != 0 ? int64Always(field, value) : this;
    }

    /** An int64 written even when 0, as a oneof member must be. */
    ProtoWriter int64Always(int field, long value) {
        if (out == null) {
            size += CodedOutputStream.computeInt64Size(field, value);
        } else {
            write(() -> out.writeInt64(field, value));
        }
        return this;
    }

    ProtoWriter float32(int field, float value) {
        if (Float.floatToRawIntBits(value) != 0) {
            if (out == null) {
                size += CodedOutputStream.computeFloatSize(field, value);
            } else {
                write(() -> out.writeFloat(field, value));
            }
        }
        return this;
    }

    ProtoWriter packedInt64(int field, long[] values) {
        if (values.length > 0) {
            int length = 0;
            for (long v : values) {
                length += CodedOutputStream.computeInt64SizeNoTag(v);
            }
            lengthDelimited(field, length, () -> {
                for (long v : values) {
                    out.writeInt64NoTag(v);
                }
            });
        }
        return this;
    }

    ProtoWriter packedDoubles(int field, double[] values) {
        if (values.length > 0) {
            lengthDelimited(field, Math.multiplyExact(values.length, Double.BYTES), () -> {
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
            lengthDelimited(field, sizeOf(value), () -> value.writeTo(this));
        }
        return this;
    }

    ProtoWriter messages(int field, List<? extends Message> values) {
        values.forEach(value -> message(field, value));
        return this;
    }

    /** Tag, length, then {@code body} (which writes exactly {@code length} bytes; not run while counting). */
    private void lengthDelimited(int field, int length, Write body) {
        if (out == null) {
            size += CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
        } else {
            write(() -> {
                out.writeTag(field, WIRE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(length);
                body.run();
            });
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    /**
     * The stream writes into an array sized beforehand, so an IOException (out of space) would
     * mean the two walks disagree: a bug, not a condition to handle.
     */
    private static void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a protobuf message into its counted array failed", e);
        }
    }
}
