package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;

class DatasetCodecTests {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** One column of each stored kind, missing cells, and a numeric label with classes. */
    static Dataset everyKind() {
        StringBuilder csv = new StringBuilder("bytes,shorts,floats,doubles,few,many,y\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i % 7 == 0 ? "NA" : String.valueOf(i % 10)).append(',')
                    .append(i % 600).append(',')
                    .append(i % 13 == 0 ? "" : String.valueOf(i * 0.5)).append(',')
                    .append(i * 0.1 + 1e-9).append(',')
                    .append(i % 11 == 0 ? "?" : "c" + (i % 3)).append(',')
                    .append("L").append(i % 400).append(',')
                    .append(i % 5).append('\n');
        }
        ParsedDataset parsed = TestData.parse(TestData.parser(10_000_000, 10_000, 10), csv.toString(), "y", null);
        return new Dataset("mixed-abcdef", "mixed é", parsed.features(), parsed.label(), parsed.sha256(), CREATED,
                false, parsed.rows(), 3);
    }

    @Test
    void roundTripsEveryColumnKindExactly() throws IOException {
        Dataset original = everyKind();
        Dataset loaded = DatasetCodec.decode(DatasetCodec.encode(original));
        assertSameContent(loaded, original);
        // bytes 2000 + shorts 4000 + floats 8000 + doubles 16000 + two categoricals + numeric label 16000 + classes 2000
        assertThat(original.heapBytes()).isBetween(50_000L, 80_000L);
        assertThat(loaded.features()).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("CodedNumeric", "CodedNumeric", "Floats", "Doubles", "CodedCategorical",
                        "CodedCategorical");
    }

    @Test
    void roundTripsARegressionLabelWithoutClasses() throws IOException {
        StringBuilder csv = new StringBuilder("a,price\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(i % 3).append(',').append(i * 1.25 + 0.3).append('\n');
        }
        ParsedDataset parsed = TestData.parse(TestData.parser(10_000_000, 10_000, 10), csv.toString(), null, null);
        Dataset original = new Dataset("price-abcdef", "price", parsed.features(), parsed.label(), parsed.sha256(),
                CREATED, false, parsed.rows(), 0);
        Dataset loaded = DatasetCodec.decode(DatasetCodec.encode(original));
        assertThat(loaded.label().classes()).isNull();
        assertSameContent(loaded, original);
    }

    @Test
    void aFlippedRowCountIsReportedNotAllocated() throws IOException {
        byte[] bytes = DatasetCodec.encode(everyKind());
        int rowsAt = rowsOffset(bytes);
        assertThat(ByteBuffer.wrap(bytes).getInt(rowsAt)).isEqualTo(2000);
        for (int bit = 8; bit < 31; bit++) {
            byte[] flipped = bytes.clone();
            ByteBuffer.wrap(flipped).putInt(rowsAt, 2000 ^ (1 << bit));
            // read as far as the bytes present allow, then refused: by a size check, a later sanity check or the checksum
            assertRefused(flipped, "row count bit " + bit);
        }
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).putInt(rowsAt, Integer.MAX_VALUE);
        assertThat(catchThrowableOfType(IOException.class, () -> DatasetCodec.decode(huge)).getMessage())
                .contains("2147483647").contains("a damaged size field or a truncated file");
    }

    @Test
    void everySingleByteChangeIsRefusedWithAnIOException() throws IOException {
        byte[] bytes = DatasetCodec.encode(small());
        for (int i = 0; i < bytes.length; i++) {
            for (int delta : new int[] {1, 0x80}) {
                byte[] damaged = bytes.clone();
                damaged[i] ^= (byte) delta;
                assertRefused(damaged, "byte " + i + " ^ " + delta);
            }
        }
    }

    @Test
    void everyTruncationAndTrailingGarbageIsRefused() throws IOException {
        byte[] bytes = DatasetCodec.encode(small());
        for (int length = 0; length < bytes.length; length++) {
            assertRefused(Arrays.copyOf(bytes, length), "cut at " + length);
        }
        assertRefused(Arrays.copyOf(bytes, bytes.length + 1), "one byte more");
    }

    @Test
    void aTamperedValueWithAFixedChecksumIsStillRefusedWhenItBreaksAnInvariant() throws IOException {
        // a code beyond the levels, with the checksum recomputed: the value checks catch it
        Dataset dataset = small();
        byte[] bytes = DatasetCodec.encode(dataset);
        byte[] tampered = bytes.clone();
        tampered[tampered.length - 9] = (byte) 0x7f;   // the last code of the last (categorical) column
        recomputeChecksum(tampered);
        assertThat(catchThrowableOfType(IOException.class, () -> DatasetCodec.decode(tampered)).getMessage())
                .contains("beyond its");
    }

    @Test
    void readsVersion1FilesAsNumericColumns(@TempDir Path root) throws IOException {
        byte[] v1 = legacyV1("old-abcdef", List.of("a", "b"), List.of("x", "y", "z"),
                new double[] {1.5, -2, 3, 4, 5.25, 6}, new int[] {0, 2, 1});
        Dataset loaded = DatasetCodec.decode(v1);
        assertThat(loaded.id()).isEqualTo("old-abcdef");
        assertThat(loaded.featureNames()).containsExactly("a", "b");
        assertThat(loaded.features()).allMatch(c -> c instanceof NumericColumn);
        assertThat(TestData.numbers(loaded.features().get(0))).containsExactly(1.5, 3, 5.25);
        assertThat(TestData.numbers(loaded.features().get(1))).containsExactly(-2, 4, 6);
        assertThat(loaded.label().classNames()).containsExactly("x", "y", "z");
        assertThat(TestData.codes(loaded.label().classes())).containsExactly(0, 2, 1);
        assertThat(loaded.label().values()).isNull();
        assertThat(loaded.createdAt()).isEqualTo(CREATED);

        // a v1 file with numeric class names gets label values, as an upload would
        Dataset digits = DatasetCodec.decode(legacyV1("digits-abcdef", List.of("p"), List.of("7", "0"),
                new double[] {0.1, 0.2}, new int[] {0, 1}));
        assertThat(digits.label().values()).containsExactly(7, 0);

        // through the directory store, next to a v1 file whose row count was flipped
        Files.createDirectories(root.resolve("datasets"));
        Files.write(root.resolve("datasets/old-abcdef.dataset"), v1);
        byte[] flipped = v1.clone();
        int rowsAt = v1.length - 8 - 3 * 4 - 6 * 8 - 4;
        assertThat(ByteBuffer.wrap(flipped).getInt(rowsAt)).isEqualTo(3);
        ByteBuffer.wrap(flipped).putInt(rowsAt, 3 | 1 << 30);
        Files.write(root.resolve("datasets/flipped-abcdef.dataset"), flipped);
        dev.backprop.TestDatabase db = dev.backprop.TestDatabase.h2();
        JdbcDatasetStore store = new JdbcDatasetStore(db.jdbc(), db.tx(), tools.jackson.databind.json.JsonMapper.builder().build());
        dev.backprop.system.LegacyFiles.importAll(root, "datasets", ".dataset", (in, length) -> {
            Dataset d = DatasetCodec.read(in, length);
            store.save(d, DatasetSummary.of(d));
        });
        assertThat(store.summaries(0, 10)).extracting(DatasetSummary::id).containsExactly("old-abcdef");
        assertThat(root.resolve("datasets/flipped-abcdef.dataset")).as("a damaged file stays for inspection").exists();
    }

    private static Dataset small() {
        ParsedDataset parsed = TestData.parse(TestData.parser(100_000, 100, 10),
                "a,b,c,label\n1,2.5,red,x\nNA,3.5,,y\n2,0.1,blue,x\n", "label", null);
        return new Dataset("small-abcdef", "small", parsed.features(), parsed.label(), parsed.sha256(), CREATED, false,
                parsed.rows(), 0);
    }

    private static void assertRefused(byte[] bytes, String what) {
        try {
            Dataset loaded = DatasetCodec.decode(bytes);
            throw new AssertionError(what + " was accepted: " + loaded);
        } catch (IOException expected) {
            assertThat(expected.getMessage()).as(what).isNotBlank();
        } catch (RuntimeException | OutOfMemoryError unexpected) {
            throw new AssertionError(what + " raised " + unexpected, unexpected);
        }
    }

    private static void assertSameContent(Dataset loaded, Dataset original) {
        assertThat(loaded.id()).isEqualTo(original.id());
        assertThat(loaded.name()).isEqualTo(original.name());
        assertThat(loaded.sha256()).isEqualTo(original.sha256());
        assertThat(loaded.createdAt()).isEqualTo(original.createdAt());
        assertThat(loaded.rows()).isEqualTo(original.rows());
        assertThat(loaded.skippedRows()).isEqualTo(original.skippedRows());
        assertThat(loaded.featureNames()).isEqualTo(original.featureNames());
        for (int j = 0; j < original.featureCount(); j++) {
            Column a = loaded.features().get(j);
            Column b = original.features().get(j);
            assertThat(a.missing()).isEqualTo(b.missing());
            if (b instanceof NumericColumn) {
                assertThat(TestData.numbers(a)).containsExactly(TestData.numbers(b));
            } else {
                assertThat(((CategoricalColumn) a).levels()).isEqualTo(((CategoricalColumn) b).levels());
                assertThat(TestData.codes((CategoricalColumn) a)).containsExactly(TestData.codes((CategoricalColumn) b));
            }
        }
        Label l = loaded.label();
        Label o = original.label();
        assertThat(l.name()).isEqualTo(o.name());
        assertThat(l.distinctValues()).isEqualTo(o.distinctValues());
        assertThat(l.values()).isEqualTo(o.values());
        assertThat(l.classNames()).isEqualTo(o.classNames());
        if (o.classes() != null) {
            assertThat(TestData.codes(l.classes())).containsExactly(TestData.codes(o.classes()));
        }
    }

    /** Where the row count sits: after magic, version, three strings and the creation time. */
    private static int rowsOffset(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int at = 8;
        for (int s = 0; s < 3; s++) {
            at += 4 + b.getInt(at);
        }
        return at + 12;
    }

    private static void recomputeChecksum(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());
    }

    /** A version 1 file exactly as the service wrote it before typed columns (its DatasetFileFormat.write). */
    static byte[] legacyV1(String id, List<String> featureNames, List<String> classNames, double[] features,
                           int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CheckedOutputStream checked = new CheckedOutputStream(bytes, new CRC32());
        DataOutputStream data = new DataOutputStream(checked);
        data.writeInt(0x42504453);
        data.writeInt(1);
        for (String s : List.of(id, "old " + id, "label", "ab".repeat(32))) {
            writeString(data, s);
        }
        data.writeLong(CREATED.getEpochSecond());
        data.writeInt(CREATED.getNano());
        for (List<String> list : new ArrayList<>(List.of(featureNames, classNames))) {
            data.writeInt(list.size());
            for (String s : list) {
                writeString(data, s);
            }
        }
        data.writeInt(labels.length);
        for (double v : features) {
            data.writeDouble(v);
        }
        for (int label : labels) {
            data.writeInt(label);
        }
        data.flush();
        data.writeLong(checked.getChecksum().getValue());
        data.flush();
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream data, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        data.writeInt(b.length);
        data.write(b);
    }
}
