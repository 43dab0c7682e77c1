package dev.backprop.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The dialect, record by record; the dataset parser's tests cover it again through uploads. */
class CsvCursorTests {

    private static List<List<String>> read(String text) {
        return read(CsvCursor.of(new StringReader(text), 100));
    }

    private static List<List<String>> read(CsvCursor cursor) {
        List<List<String>> records = new ArrayList<>();
        while (cursor.next()) {
            List<String> record = new ArrayList<>();
            for (int i = 0; i < cursor.fieldCount(); i++) {
                record.add(cursor.text(i));
            }
            records.add(record);
        }
        return records;
    }

    @Test
    void readsQuotesDoubledQuotesEmbeddedCommasAndLineBreaks() {
        assertThat(read("a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\nlines\",,\"\"\n"))
                .containsExactly(List.of("a", "b, c", "say \"hi\""), List.of("two\nlines", "", ""));
    }

    @Test
    void trimsSpacesAndTabsAroundValuesAndQuotesAndInsideQuotes() {
        assertThat(read("  a ,\t\"b\"  , \" c \" ,d\t\n")).containsExactly(List.of("a", "b", "c", "d"));
    }

    @Test
    void acceptsEveryLineEndSkipsBlankLinesAndCountsLines() {
        CsvCursor cursor = CsvCursor.of(new StringReader("h\r\n\r\n1\r2\n  \n\"3\n3\"\n4"), 10);
        List<Long> lines = new ArrayList<>();
        List<String> values = new ArrayList<>();
        while (cursor.next()) {
            lines.add(cursor.line());
            values.add(cursor.text(0));
        }
        assertThat(values).containsExactly("h", "1", "2", "3\n3", "4");
        assertThat(lines).containsExactly(1L, 3L, 4L, 6L, 8L);
    }

    @Test
    void dropsTheByteOrderMarkAndDecodesUtf8() {
        byte[] bytes = "\uFEFFgröße,東京\n".getBytes(StandardCharsets.UTF_8);
        assertThat(read(CsvCursor.of(new ByteArrayInputStream(bytes), 10))).containsExactly(List.of("größe", "東京"));
    }

    @Test
    void hashIsAnOrdinaryCharacter() {
        assertThat(read("# not a comment,1\n")).containsExactly(List.of("# not a comment", "1"));
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> read("a,b\n1,\"x\n2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("Malformed CSV at line 2: a quoted field that starts on line 2 is never closed");
        assertThatThrownBy(() -> read("a,\"b\"\"")).hasMessageContaining("never closed");
        assertThat(read("a,\"b\"")).containsExactly(List.of("a", "b"));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        CsvFormatException e = org.assertj.core.api.Assertions.catchThrowableOfType(CsvFormatException.class,
                () -> read("a,b\n\"x\"y,2\n"));
        assertThat(e.getMessage()).startsWith("Malformed CSV at line 2: after a closing quote only a comma");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void refusesControlCharactersAndMalformedUtf8() {
        assertThatThrownBy(() -> read("a,b\n1,\u0001\n")).hasMessageStartingWith("Line 2 contains the control character U+0001");
        byte[] latin1 = "a,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(CsvCursor.of(new ByteArrayInputStream(latin1), 10)))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("is not valid UTF-8");
    }

    @Test
    void keepsAtMostMaxFieldsButCountsThemAll() {
        CsvCursor cursor = CsvCursor.of(new StringReader("1,2,3,4,5\n"), 2);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.fieldCount()).isEqualTo(5);
        assertThat(cursor.text(1)).isEqualTo("2");
        assertThatThrownBy(() -> cursor.text(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFailingStreamIsNotMistakenForBadCsv() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw new UncheckedIOException(new IOException("connection reset"));
            }
        };
        assertThatThrownBy(() -> read(CsvCursor.of(broken, 10)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("connection reset");
    }

    @Test
    void givesFieldsStraightFromItsBuffer() {
        CsvCursor cursor = CsvCursor.of(new StringReader(" 12.5 ,NA\n"), 10);
        assertThat(cursor.next()).isTrue();
        assertThat(NumberText.parse(cursor.chars(), cursor.start(0), cursor.length(0))).isEqualTo(12.5);
        assertThat(MissingMarkers.DEFAULT.isMissing(cursor.chars(), cursor.start(1), cursor.length(1))).isTrue();
        assertThat(cursor.next()).isFalse();
        assertThat(cursor.next()).isFalse();
    }
}
