package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever arrives, the parser either returns a dataset or raises {@link InvalidDatasetException}
 * (which the web layer turns into a 4xx); never another exception, so never a 500. Inputs come
 * from seeded generators (random bytes, random edits of a valid file), so a failure names its
 * seed and input and replays exactly.
 */
class CsvDatasetParserPropertyTests {

    private static final String VALID = """
            "","Sepal.Length","Sepal.Width","Petal.Length","Petal.Width","Species"
            "1",5.1,3.5,1.4,0.2,"setosa"
            "2",4.9,3,1.4,0.2,"setosa"
            "51",7,3.2,4.7,1.4,"versicolor"
            "52",6.4,3.2,4.5,1.5,"versicolor"
            "101",6.3,3.3,6,2.5,"virginica"
            """;

    /** Small limits so that the limit checks are exercised too. */
    private final CsvDatasetParser parser = TestData.parser(400, 5, 6);

    private static final String[] INSERTS = {",", "\"", "\n", "\r\n", "\r", " ", "\t", "x", "1", ".", "-", "e",
            "NaN", "\u0000", "\uFEFF", "é", "\u2028", "\"\"", ",,", "Infinity", "1e999"};
    private static final String[] LABELS = {"Species", "Sepal.Width", "", " ", "nope", "\"Species\""};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBytesAreParsedOrRejectedCleanly(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[rng.nextInt(601)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) rng.nextInt(256);
            }
            assertParsesOrRejects(bytes, null);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void mutationsOfAValidCsvAreParsedOrRejectedCleanly(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 400; i++) {
            assertParsesOrRejects(mutatedCsv(rng), null);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void anyLabelColumnNameIsAcceptedOrRejectedCleanly(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            String label = rng.nextBoolean() ? LABELS[rng.nextInt(LABELS.length)] : randomText(rng, 10);
            assertParsesOrRejects(mutatedCsv(rng), label);
        }
    }

    private void assertParsesOrRejects(byte[] bytes, String labelColumn) {
        try {
            ParsedDataset parsed = parser.parse(new ByteArrayInputStream(bytes), labelColumn, java.util.Map.of());
            assertThat(parsed.features()).isNotEmpty().allMatch(c -> c.size() == parsed.rows());
            assertThat(parsed.label().rows()).isEqualTo(parsed.rows());
            assertThat(parsed.label().distinctValues()).isGreaterThanOrEqualTo(2);
            for (dev.backprop.engine.Column column : parsed.features()) {
                if (column instanceof dev.backprop.engine.NumericColumn numeric) {
                    for (int i = 0; i < numeric.size(); i++) {
                        double value = numeric.value(i);
                        assertThat(Double.isNaN(value) || Double.isFinite(value)).isTrue();
                    }
                }
            }
        } catch (InvalidDatasetException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThat(expected.getStatusCode().is4xxClientError()).isTrue();
        } catch (RuntimeException unexpected) {
            throw new AssertionError("input " + Arrays.toString(bytes) + " (label " + labelColumn + ") raised "
                    + unexpected, unexpected);
        }
    }

    private static String randomText(SplittableRandom rng, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = rng.nextInt(maxLength + 1); i > 0; i--) {
            text.append((char) rng.nextInt(0x20, 0x3000));
        }
        return text.toString();
    }

    /** The valid file after 1–8 random edits: inserts of CSV-significant or odd characters, deletions, cuts, byte flips. */
    private static byte[] mutatedCsv(SplittableRandom rng) {
        List<Mutation> mutations = new ArrayList<>();
        for (int i = 1 + rng.nextInt(8); i > 0; i--) {
            int position = rng.nextInt(10_001);
            mutations.add(switch (rng.nextInt(4)) {
                case 0 -> new Insert(position, INSERTS[rng.nextInt(INSERTS.length)]);
                case 1 -> new Delete(position);
                case 2 -> new Cut(position);
                default -> new FlipByte(position, rng.nextInt(256));
            });
        }
        return apply(mutations);
    }

    private static byte[] apply(List<Mutation> mutations) {
        String text = VALID;
        byte[] flip = null;
        for (Mutation m : mutations) {
            if (m instanceof Insert insert) {
                int at = insert.position() % (text.length() + 1);
                text = text.substring(0, at) + insert.text() + text.substring(at);
            } else if (m instanceof Delete delete && !text.isEmpty()) {
                int at = delete.position() % text.length();
                text = text.substring(0, at) + text.substring(at + 1);
            } else if (m instanceof Cut cut) {
                text = text.substring(0, cut.position() % (text.length() + 1));
            } else if (m instanceof FlipByte f) {
                flip = new byte[] {(byte) (f.position() & 0xff), (byte) f.value()};
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (flip != null && bytes.length > 0) {
            bytes[(flip[0] & 0xff) % bytes.length] = flip[1];
        }
        return bytes;
    }

    sealed interface Mutation permits Insert, Delete, Cut, FlipByte {
    }

    record Insert(int position, String text) implements Mutation {
    }

    record Delete(int position) implements Mutation {
    }

    record Cut(int position) implements Mutation {
    }

    record FlipByte(int position, int value) implements Mutation {
    }
}
