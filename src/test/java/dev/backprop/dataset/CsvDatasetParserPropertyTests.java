package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives, the parser either returns a dataset or raises {@link InvalidDatasetException}
 * (which the web layer turns into a 4xx); never another exception, so never a 500.
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
    private final CsvDatasetParser parser = new CsvDatasetParser(400, 5, 6);

    @Property(tries = 500)
    void randomBytesAreParsedOrRejectedCleanly(@ForAll @Size(max = 600) byte[] bytes) {
        assertParsesOrRejects(bytes);
    }

    @Property(tries = 1000)
    void mutationsOfAValidCsvAreParsedOrRejectedCleanly(@ForAll("mutatedCsv") byte[] bytes) {
        assertParsesOrRejects(bytes);
    }

    @Property(tries = 200)
    void anyLabelColumnNameIsAcceptedOrRejectedCleanly(@ForAll("mutatedCsv") byte[] bytes,
            @ForAll("labelNames") String labelColumn) {
        try {
            parser.parse(new ByteArrayInputStream(bytes), labelColumn);
        } catch (InvalidDatasetException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private void assertParsesOrRejects(byte[] bytes) {
        try {
            ParsedCsv parsed = parser.parse(new ByteArrayInputStream(bytes), null);
            assertThat(parsed.features()).hasSize(parsed.rows() * parsed.featureNames().size());
            assertThat(parsed.classNames()).hasSizeGreaterThanOrEqualTo(2);
            for (double value : parsed.features()) {
                assertThat(Double.isFinite(value)).isTrue();
            }
        } catch (InvalidDatasetException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThat(expected.getStatusCode().is4xxClientError()).isTrue();
        }
    }

    @Provide
    Arbitrary<String> labelNames() {
        return Arbitraries.oneOf(Arbitraries.of("Species", "Sepal.Width", "", " ", "nope", "\"Species\""),
                Arbitraries.strings().ofMaxLength(10));
    }

    /** The valid file after 1–8 random edits: inserts of CSV-significant or odd characters, deletions, cuts, byte flips. */
    @Provide
    Arbitrary<byte[]> mutatedCsv() {
        Arbitrary<Mutation> mutation = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of(",", "\"", "\n", "\r\n", "\r", " ", "\t", "x", "1", ".", "-", "e", "NaN",
                                "\u0000", "\uFEFF", "é", "\u2028", "\"\"", ",,", "Infinity", "1e999"))
                        .as(Insert::new),
                Arbitraries.integers().between(0, 10_000).map(Delete::new),
                Arbitraries.integers().between(0, 10_000).map(Cut::new),
                Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 255))
                        .as(FlipByte::new));
        return mutation.list().ofMinSize(1).ofMaxSize(8).map(CsvDatasetParserPropertyTests::apply);
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
