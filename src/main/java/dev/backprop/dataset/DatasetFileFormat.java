package dev.backprop.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The on-disk form of a dataset: a small binary file (magic {@code BPDS}, format version, metadata,
 * the feature matrix as big-endian doubles, the labels, then a CRC-32 of everything before it), so
 * that loading back is exact and a truncated or altered file is detected rather than half-read.
 */
final class DatasetFileFormat {

    private static final int MAGIC = 0x42504453; // "BPDS"
    private static final int VERSION = 1;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private DatasetFileFormat() {
    }

    static void write(Dataset dataset, OutputStream out) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
        DataOutputStream data = new DataOutputStream(checked);
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        writeString(data, dataset.id());
        writeString(data, dataset.name());
        writeString(data, dataset.labelColumn());
        writeString(data, dataset.sha256());
        data.writeLong(dataset.createdAt().getEpochSecond());
        data.writeInt(dataset.createdAt().getNano());
        writeStrings(data, dataset.featureNames());
        writeStrings(data, dataset.classNames());
        data.writeInt(dataset.rows());
        for (double value : dataset.features()) {
            data.writeDouble(value);
        }
        for (int label : dataset.labels()) {
            data.writeInt(label);
        }
        data.flush();
        data.writeLong(checked.getChecksum().getValue());
        data.flush();
    }

    /** @throws IOException when the file is not a complete, intact dataset file */
    static Dataset read(InputStream in) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32());
        DataInputStream data = new DataInputStream(checked);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a dataset file");
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported dataset file version " + version);
        }
        String id = readString(data);
        String name = readString(data);
        String labelColumn = readString(data);
        String sha256 = readString(data);
        Instant createdAt = Instant.ofEpochSecond(data.readLong(), data.readInt());
        List<String> featureNames = readStrings(data);
        List<String> classNames = readStrings(data);
        int rows = data.readInt();
        long values = (long) rows * featureNames.size();
        if (rows < 0 || values > Integer.MAX_VALUE - 16) {
            throw new IOException("implausible size " + rows + " rows");
        }
        double[] features = new double[(int) values];
        for (int i = 0; i < features.length; i++) {
            features[i] = data.readDouble();
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = data.readInt();
        }
        long expected = checked.getChecksum().getValue();
        if (data.readLong() != expected) {
            throw new IOException("checksum mismatch");
        }
        if (data.read() != -1) {
            throw new IOException("trailing bytes after the checksum");
        }
        try {
            return new Dataset(id, name, featureNames, labelColumn, classNames, features, labels, sha256,
                    createdAt, false);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("inconsistent content: " + e.getMessage(), e);
        }
    }

    private static void writeStrings(DataOutputStream data, List<String> strings) throws IOException {
        data.writeInt(strings.size());
        for (String s : strings) {
            writeString(data, s);
        }
    }

    private static List<String> readStrings(DataInputStream data) throws IOException {
        int n = data.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("implausible list length " + n);
        }
        List<String> strings = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            strings.add(readString(data));
        }
        return strings;
    }

    private static void writeString(DataOutputStream data, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static String readString(DataInputStream data) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("implausible string length " + length);
        }
        byte[] bytes = new byte[length];
        try {
            data.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException("truncated file", e);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
