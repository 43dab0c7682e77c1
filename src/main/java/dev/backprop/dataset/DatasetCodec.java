package dev.backprop.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.tabular.NumberText;

/**
 * The stored form of a dataset, the same bytes in a file or a database BLOB. Version 2:
 *
 * <pre>
 * int  magic "BPDS", int version = 2
 * str  id, str name, str sha256, long createdAt seconds, int nanos, int rows, int skippedRows
 * label:   str name, int distinctValues, byte flags (1 = values, 2 = classes),
 *          [double × rows], [categorical column body]
 * int  feature count, then per column: byte kind, str name, body
 *   1 numeric, byte codes:  int table size, double × size (table[0] = NaN), byte × rows
 *   2 numeric, short codes: likewise with short × rows
 *   3 numeric floats:  float × rows            4 numeric doubles: double × rows
 *   5 categorical, byte codes:  int levels, str × levels, byte × rows (code + 1, 0 = missing)
 *   6 categorical, short codes: likewise with short × rows
 * long CRC-32C of every byte before it
 * </pre>
 *
 * Strings are an int byte count and UTF-8; numbers big-endian. Reading is told the length of the
 * bytes and checks every size and count against what remains <em>before</em> allocating for it,
 * so a flipped bit in a row count is reported as such, never an OutOfMemoryError; then the
 * checksum, then every value (codes in range, numbers finite), so that a damaged or tampered file
 * is refused with an {@link IOException} rather than half-read. Version 1 files (the feature matrix
 * as doubles and the class indexes, before typed columns) still load, as numeric columns.
 */
final class DatasetCodec {

    static final int MAGIC = 0x42504453; // "BPDS"
    static final int VERSION = 2;
    static final int LEGACY_VERSION = 1;

    static final byte NUMERIC_BYTE_CODES = 1;
    static final byte NUMERIC_SHORT_CODES = 2;
    static final byte NUMERIC_FLOATS = 3;
    static final byte NUMERIC_DOUBLES = 4;
    static final byte CATEGORICAL_BYTE_CODES = 5;
    static final byte CATEGORICAL_SHORT_CODES = 6;

    private static final int FLAG_VALUES = 1;
    private static final int FLAG_CLASSES = 2;
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private DatasetCodec() {
    }

    static byte[] encode(Dataset dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(dataset, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static Dataset decode(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), bytes.length);
    }

    static void write(Dataset dataset, OutputStream target) throws IOException {
        Output out = new Output(target);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeString(dataset.id());
        out.writeString(dataset.name());
        out.writeString(dataset.sha256());
        out.writeLong(dataset.createdAt().getEpochSecond());
        out.writeInt(dataset.createdAt().getNano());
        out.writeInt(dataset.rows());
        out.writeInt(dataset.skippedRows());
        Label label = dataset.label();
        out.writeString(label.name());
        out.writeInt(label.distinctValues());
        out.writeByte((label.values() != null ? FLAG_VALUES : 0) | (label.classes() != null ? FLAG_CLASSES : 0));
        if (label.values() != null) {
            out.writeDoubles(label.values());
        }
        if (label.classes() != null) {
            writeCategorical(out, (CompactColumns.CodedCategorical) CompactColumns.of(label.classes()));
        }
        out.writeInt(dataset.featureCount());
        for (Column feature : dataset.features()) {
            Column column = CompactColumns.of(feature);
            if (column instanceof CompactColumns.CodedNumeric coded) {
                out.writeByte(coded.bytes != null ? NUMERIC_BYTE_CODES : NUMERIC_SHORT_CODES);
                out.writeString(coded.name);
                out.writeInt(coded.table.length);
                out.writeDoubles(coded.table);
                if (coded.bytes != null) {
                    out.writeBytes(coded.bytes);
                } else {
                    out.writeShorts(coded.shorts);
                }
            } else if (column instanceof CompactColumns.Floats floats) {
                out.writeByte(NUMERIC_FLOATS);
                out.writeString(floats.name);
                out.writeFloats(floats.values);
            } else if (column instanceof CompactColumns.Doubles doubles) {
                out.writeByte(NUMERIC_DOUBLES);
                out.writeString(doubles.name);
                out.writeDoubles(doubles.values);
            } else {
                CompactColumns.CodedCategorical categorical = (CompactColumns.CodedCategorical) column;
                out.writeByte(categorical.bytes != null ? CATEGORICAL_BYTE_CODES : CATEGORICAL_SHORT_CODES);
                out.writeString(categorical.name);
                writeCategorical(out, categorical);
            }
        }
        out.writeChecksum();
    }

    private static void writeCategorical(Output out, CompactColumns.CodedCategorical column) throws IOException {
        out.writeInt(column.levels.size());
        for (String level : column.levels) {
            out.writeString(level);
        }
        out.writeByte(column.bytes != null ? 1 : 2);
        if (column.bytes != null) {
            out.writeBytes(column.bytes);
        } else {
            out.writeShorts(column.shorts);
        }
    }

    /**
     * @param length the number of bytes {@code in} holds (the file's size, the BLOB's length)
     * @throws IOException when the bytes are not a complete, intact dataset of a known version
     */
    static Dataset read(InputStream in, long length) throws IOException {
        Input input = new Input(in, length);
        if (input.readInt() != MAGIC) {
            throw new IOException("not a dataset file (no BPDS magic number)");
        }
        int version = input.readInt();
        if (version == LEGACY_VERSION) {
            return LegacyFormat.read(input);
        }
        if (version != VERSION) {
            throw new IOException("unsupported dataset file version " + version + " (this service reads versions "
                    + LEGACY_VERSION + " and " + VERSION + ")");
        }
        String id = input.readString();
        String name = input.readString();
        String sha256 = input.readString();
        Instant createdAt = input.readInstant();
        int rows = input.readInt();
        int skippedRows = input.readInt();
        if (rows < 1 || skippedRows < 0) {
            throw new IOException("implausible row counts: " + rows + " rows, " + skippedRows + " skipped");
        }
        String labelName = input.readString();
        int distinct = input.readInt();
        int flags = input.readByte();
        double[] values = (flags & FLAG_VALUES) != 0 ? input.readDoubles(rows, "label values") : null;
        CategoricalColumn classes = (flags & FLAG_CLASSES) != 0 ? readCategorical(input, labelName, rows) : null;
        int featureCount = input.readInt();
        // every column takes at least its kind byte, its name's length and one byte per row
        input.require(featureCount, 5L + rows, "feature columns");
        List<Column> features = new ArrayList<>(featureCount);
        for (int f = 0; f < featureCount; f++) {
            features.add(readColumn(input, rows));
        }
        input.verifyChecksum();
        try {
            return new Dataset(id, name, features, new Label(labelName, values, classes, distinct), sha256, createdAt,
                    false, rows, skippedRows);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("inconsistent content: " + e.getMessage(), e);
        }
    }

    private static Column readColumn(Input input, int rows) throws IOException {
        int kind = input.readByte();
        String name = input.readString();
        switch (kind) {
            case NUMERIC_BYTE_CODES, NUMERIC_SHORT_CODES -> {
                int tableSize = input.readInt();
                int maxTable = (kind == NUMERIC_BYTE_CODES ? CompactColumns.BYTE_CODES : CompactColumns.SHORT_CODES) + 1;
                if (tableSize < 1 || tableSize > maxTable) {
                    throw new IOException("column '" + name + "': implausible table size " + tableSize);
                }
                double[] table = input.readDoubles(tableSize, "the value table of column '" + name + "'");
                if (!Double.isNaN(table[0])) {
                    throw new IOException("column '" + name + "': the missing value is not NaN");
                }
                for (int i = 1; i < tableSize; i++) {
                    if (!Double.isFinite(table[i])) {
                        throw new IOException("column '" + name + "' holds a value that is not finite");
                    }
                }
                if (kind == NUMERIC_BYTE_CODES) {
                    byte[] codes = input.readBytes(rows, "column '" + name + "'");
                    return new CompactColumns.CodedNumeric(name, table, codes, null, countMissing(codes, tableSize, name));
                }
                short[] codes = input.readShorts(rows, "column '" + name + "'");
                return new CompactColumns.CodedNumeric(name, table, null, codes, countMissing(codes, tableSize, name));
            }
            case NUMERIC_FLOATS -> {
                float[] values = input.readFloats(rows, "column '" + name + "'");
                int missing = 0;
                for (float v : values) {
                    if (Float.isNaN(v)) {
                        missing++;
                    } else if (Float.isInfinite(v)) {
                        throw new IOException("column '" + name + "' holds an infinite value");
                    }
                }
                return new CompactColumns.Floats(name, values, missing);
            }
            case NUMERIC_DOUBLES -> {
                double[] values = input.readDoubles(rows, "column '" + name + "'");
                int missing = 0;
                for (double v : values) {
                    if (Double.isNaN(v)) {
                        missing++;
                    } else if (Double.isInfinite(v)) {
                        throw new IOException("column '" + name + "' holds an infinite value");
                    }
                }
                return new CompactColumns.Doubles(name, values, missing);
            }
            case CATEGORICAL_BYTE_CODES, CATEGORICAL_SHORT_CODES -> {
                return readCategorical(input, name, rows);
            }
            default -> throw new IOException("column '" + name + "': unknown column kind " + kind);
        }
    }

    private static CompactColumns.CodedCategorical readCategorical(Input input, String name, int rows) throws IOException {
        int levelCount = input.readInt();
        if (levelCount < 0 || levelCount > CompactColumns.SHORT_CODES) {
            throw new IOException("column '" + name + "': implausible level count " + levelCount);
        }
        input.require(levelCount, 4, "the levels of column '" + name + "'");
        List<String> levels = new ArrayList<>(levelCount);
        for (int i = 0; i < levelCount; i++) {
            levels.add(input.readString());
        }
        int width = input.readByte();
        if (width == 1 && levelCount <= CompactColumns.BYTE_CODES) {
            byte[] codes = input.readBytes(rows, "column '" + name + "'");
            return new CompactColumns.CodedCategorical(name, levels, codes, null, countMissing(codes, levelCount + 1, name));
        }
        if (width == 2) {
            short[] codes = input.readShorts(rows, "column '" + name + "'");
            return new CompactColumns.CodedCategorical(name, levels, null, codes, countMissing(codes, levelCount + 1, name));
        }
        throw new IOException("column '" + name + "': code width " + width + " does not fit " + levelCount + " levels");
    }

    private static int countMissing(byte[] codes, int bound, String name) throws IOException {
        int missing = 0;
        for (byte b : codes) {
            int code = b & 0xff;
            if (code >= bound) {
                throw new IOException("column '" + name + "' holds code " + code + " beyond its " + (bound - 1) + " values");
            }
            if (code == 0) {
                missing++;
            }
        }
        return missing;
    }

    private static int countMissing(short[] codes, int bound, String name) throws IOException {
        int missing = 0;
        for (short s : codes) {
            int code = s & 0xffff;
            if (code >= bound) {
                throw new IOException("column '" + name + "' holds code " + code + " beyond its " + (bound - 1) + " values");
            }
            if (code == 0) {
                missing++;
            }
        }
        return missing;
    }

    /**
     * Version 1: {@code magic, 1, id, name, labelColumn, sha256, createdAt, featureNames,
     * classNames, rows, rows × features doubles (row-major), rows × int class index, CRC-32}.
     * Every column was numeric without missing cells and the label a class index.
     */
    private static final class LegacyFormat {

        static Dataset read(Input input) throws IOException {
            String id = input.readString();
            String name = input.readString();
            String labelColumn = input.readString();
            String sha256 = input.readString();
            Instant createdAt = input.readInstant();
            List<String> featureNames = input.readStrings();
            List<String> classNames = input.readStrings();
            int rows = input.readInt();
            int width = featureNames.size();
            if (rows < 1 || width < 1 || classNames.size() > Label.MAX_CLASSES || classNames.size() < 1) {
                throw new IOException("implausible sizes: " + rows + " rows, " + width + " features, "
                        + classNames.size() + " classes");
            }
            input.require(rows, 8L * width + 4, "rows of features and labels");
            double[][] columns = new double[width][rows];
            double[] row = new double[width];
            for (int i = 0; i < rows; i++) {
                input.readDoubles(row);
                for (int j = 0; j < width; j++) {
                    columns[j][i] = row[j];
                }
            }
            int[] labels = input.readInts(rows, "labels");
            input.verifyLegacyChecksum();
            try {
                List<Column> features = new ArrayList<>(width);
                for (int j = 0; j < width; j++) {
                    for (double v : columns[j]) {
                        if (!Double.isFinite(v)) {
                            throw new IOException("feature '" + featureNames.get(j) + "' holds a value that is not finite");
                        }
                    }
                    features.add(CompactColumns.numeric(featureNames.get(j), columns[j]));
                    columns[j] = null;
                }
                for (int label : labels) {
                    if (label < 0 || label >= classNames.size()) {
                        throw new IOException("label index " + label + " is outside the " + classNames.size() + " classes");
                    }
                }
                byte[] byteCodes = classNames.size() <= CompactColumns.BYTE_CODES ? new byte[rows] : null;
                short[] shortCodes = byteCodes == null ? new short[rows] : null;
                for (int i = 0; i < rows; i++) {
                    if (byteCodes != null) {
                        byteCodes[i] = (byte) (labels[i] + 1);
                    } else {
                        shortCodes[i] = (short) (labels[i] + 1);
                    }
                }
                CategoricalColumn classes = new CompactColumns.CodedCategorical(labelColumn, classNames, byteCodes,
                        shortCodes, 0);
                // as an upload would have it: a label whose every class is a number is numeric too
                double[] values = numbers(classNames, labels);
                return new Dataset(id, name, features, new Label(labelColumn, values, classes, classNames.size()),
                        sha256, createdAt, false, rows, 0);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException("inconsistent content: " + e.getMessage(), e);
            }
        }

        private static double[] numbers(List<String> classNames, int[] labels) {
            double[] byClass = new double[classNames.size()];
            for (int c = 0; c < byClass.length; c++) {
                byClass[c] = NumberText.parse(classNames.get(c));
                if (!Double.isFinite(byClass[c])) {
                    return null;
                }
            }
            double[] values = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                values[i] = byClass[labels[i]];
            }
            return values;
        }
    }

    /** Bytes out, counted into the checksum, arrays written through one reused chunk. */
    private static final class Output {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private final byte[] chunk = new byte[CHUNK];
        private final ByteBuffer buffer = ByteBuffer.wrap(chunk);

        Output(OutputStream out) {
            this.out = out;
        }

        private void put(int n) throws IOException {
            crc.update(chunk, 0, n);
            out.write(chunk, 0, n);
            buffer.clear();
        }

        void writeByte(int b) throws IOException {
            buffer.put((byte) b);
            put(1);
        }

        void writeInt(int v) throws IOException {
            buffer.putInt(v);
            put(4);
        }

        void writeLong(long v) throws IOException {
            buffer.putLong(v);
            put(8);
        }

        void writeString(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeInt(bytes.length);
            crc.update(bytes);
            out.write(bytes);
        }

        void writeBytes(byte[] values) throws IOException {
            crc.update(values);
            out.write(values);
        }

        void writeShorts(short[] values) throws IOException {
            for (int from = 0; from < values.length; from += CHUNK / 2) {
                int n = Math.min(CHUNK / 2, values.length - from);
                buffer.asShortBuffer().put(values, from, n);
                put(n * 2);
            }
        }

        void writeFloats(float[] values) throws IOException {
            for (int from = 0; from < values.length; from += CHUNK / 4) {
                int n = Math.min(CHUNK / 4, values.length - from);
                buffer.asFloatBuffer().put(values, from, n);
                put(n * 4);
            }
        }

        void writeDoubles(double[] values) throws IOException {
            for (int from = 0; from < values.length; from += CHUNK / 8) {
                int n = Math.min(CHUNK / 8, values.length - from);
                buffer.asDoubleBuffer().put(values, from, n);
                put(n * 8);
            }
        }

        void writeChecksum() throws IOException {
            long value = crc.getValue();
            buffer.putLong(value);
            out.write(chunk, 0, 8);
            buffer.clear();
            out.flush();
        }
    }

    /**
     * Bytes in from a source of known length: every read is checked against what remains, and
     * every byte goes into the checksums (CRC-32C for version 2, CRC-32 for version 1).
     */
    private static final class Input {
        private final InputStream in;
        private final CRC32C crc = new CRC32C();
        private final CRC32 legacyCrc = new CRC32();
        private final byte[] chunk = new byte[CHUNK];
        private final ByteBuffer buffer = ByteBuffer.wrap(chunk);
        private long remaining;

        Input(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        /** Fails unless {@code count × bytesEach} bytes (plus the checksum) remain. */
        void require(long count, long bytesEach, String what) throws IOException {
            if (count < 0) {
                throw new IOException("implausible count " + count + " of " + what);
            }
            long available = Math.max(0, remaining - 8);
            // divide rather than multiply: count × bytesEach may not fit a long
            if (bytesEach > 0 && count > available / bytesEach) {
                throw new IOException("the file says " + count + " " + what + " of " + bytesEach + " bytes follow, but"
                        + " only " + available + " bytes remain before its checksum: a damaged size field or a"
                        + " truncated file");
            }
        }

        private void fill(int n) throws IOException {
            if (n > remaining) {
                throw new IOException("truncated: " + n + " more bytes expected, " + remaining + " remain");
            }
            int read = in.readNBytes(chunk, 0, n);
            if (read < n) {
                throw new EOFException("truncated: the file ends " + (n - read) + " bytes early");
            }
            crc.update(chunk, 0, n);
            legacyCrc.update(chunk, 0, n);
            remaining -= n;
            buffer.clear();
        }

        int readByte() throws IOException {
            fill(1);
            return chunk[0];
        }

        int readInt() throws IOException {
            fill(4);
            return buffer.getInt(0);
        }

        long readLong() throws IOException {
            fill(8);
            return buffer.getLong(0);
        }

        Instant readInstant() throws IOException {
            long seconds = readLong();
            int nanos = readInt();
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw new IOException("implausible creation time", e);
            }
        }

        String readString() throws IOException {
            int length = readInt();
            if (length < 0 || length > MAX_STRING_BYTES) {
                throw new IOException("implausible string length " + length);
            }
            require(length, 1, "string bytes");
            byte[] bytes = new byte[length];
            for (int done = 0; done < length; ) {
                int n = Math.min(CHUNK, length - done);
                fill(n);
                System.arraycopy(chunk, 0, bytes, done, n);
                done += n;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        List<String> readStrings() throws IOException {
            int n = readInt();
            if (n < 0) {
                throw new IOException("implausible list length " + n);
            }
            require(n, 4, "strings");
            List<String> strings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                strings.add(readString());
            }
            return strings;
        }

        byte[] readBytes(int n, String what) throws IOException {
            require(n, 1, what);
            byte[] values = new byte[n];
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK, n - done);
                fill(k);
                System.arraycopy(chunk, 0, values, done, k);
                done += k;
            }
            return values;
        }

        short[] readShorts(int n, String what) throws IOException {
            require(n, 2, what);
            short[] values = new short[n];
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK / 2, n - done);
                fill(k * 2);
                buffer.asShortBuffer().get(values, done, k);
                done += k;
            }
            return values;
        }

        float[] readFloats(int n, String what) throws IOException {
            require(n, 4, what);
            float[] values = new float[n];
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK / 4, n - done);
                fill(k * 4);
                buffer.asFloatBuffer().get(values, done, k);
                done += k;
            }
            return values;
        }

        double[] readDoubles(int n, String what) throws IOException {
            require(n, 8, what);
            double[] values = new double[n];
            readDoubles(values);
            return values;
        }

        void readDoubles(double[] values) throws IOException {
            for (int done = 0; done < values.length; ) {
                int k = Math.min(CHUNK / 8, values.length - done);
                fill(k * 8);
                buffer.asDoubleBuffer().get(values, done, k);
                done += k;
            }
        }

        int[] readInts(int n, String what) throws IOException {
            require(n, 4, what);
            int[] values = new int[n];
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK / 4, n - done);
                fill(k * 4);
                buffer.asIntBuffer().get(values, done, k);
                done += k;
            }
            return values;
        }

        void verifyChecksum() throws IOException {
            verify(crc.getValue());
        }

        void verifyLegacyChecksum() throws IOException {
            verify(legacyCrc.getValue());
        }

        private void verify(long expected) throws IOException {
            if (remaining != 8) {
                throw new IOException(remaining < 8 ? "truncated: the checksum is missing"
                        : (remaining - 8) + " unexpected bytes before the checksum");
            }
            long stored = readLong();
            if (stored != expected) {
                throw new IOException("checksum mismatch: the file is damaged or was altered");
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after the checksum");
            }
        }
    }
}
