package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CsvDatasetParserTests {

    private final CsvDatasetParser parser = new CsvDatasetParser(1_000_000, 10_000, 50);

    private ParsedCsv parse(String csv) {
        return parse(csv, null);
    }

    private ParsedCsv parse(String csv, String labelColumn) {
        return parser.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), labelColumn);
    }

    private InvalidDatasetException invalid(String csv) {
        return invalid(csv, null);
    }

    private InvalidDatasetException invalid(String csv, String labelColumn) {
        return catchThrowableOfType(InvalidDatasetException.class, () -> parse(csv, labelColumn));
    }

    private static InvalidDatasetException invalidBytes(CsvDatasetParser parser, byte[] bytes) {
        return catchThrowableOfType(InvalidDatasetException.class,
                () -> parser.parse(new ByteArrayInputStream(bytes), null));
    }

    // --- the shipped file -------------------------------------------------------------------

    @Test
    void readsTheShippedIrisAsRWroteIt() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
            bytes = in.readAllBytes();
        }
        ParsedCsv iris = parser.parse(new ByteArrayInputStream(bytes), null);

        assertThat(iris.rows()).isEqualTo(150);
        assertThat(iris.featureNames()).containsExactly("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width");
        assertThat(iris.labelColumn()).isEqualTo("Species");
        assertThat(iris.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(iris.features()).hasSize(600).startsWith(5.1, 3.5, 1.4, 0.2, 4.9, 3.0);
        assertThat(iris.labels()).startsWith(0, 0).endsWith(2, 2);
        assertThat(iris.labels()[50]).isEqualTo(1);
        assertThat(iris.sha256()).isEqualTo(sha256(bytes));
        assertThat(iris.bytes()).isEqualTo(bytes.length);
    }

    // --- encoding and layout ----------------------------------------------------------------

    @Test
    void dropsAUtf8ByteOrderMarkButHashesTheBytesAsSent() throws Exception {
        byte[] bytes = "\uFEFFa,b,label\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.UTF_8);
        ParsedCsv parsed = parser.parse(new ByteArrayInputStream(bytes), null);
        assertThat(parsed.featureNames()).containsExactly("a", "b");
        assertThat(parsed.sha256()).isEqualTo(sha256(bytes));
    }

    @Test
    void acceptsCrlfAndCrLineEndsAndSkipsBlankLines() {
        ParsedCsv crlf = parse("a,b,label\r\n1,2,x\r\n\r\n3,4,y\r\n");
        ParsedCsv cr = parse("a,b,label\r1,2,x\r3,4,y");
        assertThat(crlf.rows()).isEqualTo(2);
        assertThat(cr.rows()).isEqualTo(2);
        assertThat(crlf.features()).containsExactly(1, 2, 3, 4);
        assertThat(cr.classNames()).containsExactly("x", "y");
    }

    @Test
    void ignoresWhitespaceAroundNamesAndValues() {
        ParsedCsv parsed = parse(" a , \"b\" ,label \n  1.5 ,\t2 , x \n3, 4 ,\" y \"\n");
        assertThat(parsed.featureNames()).containsExactly("a", "b");
        assertThat(parsed.features()).containsExactly(1.5, 2, 3, 4);
        assertThat(parsed.classNames()).containsExactly("x", "y");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        ParsedCsv parsed = parse("\"width, cm\",\"say \"\"hi\"\"\",kind\n1,2,\"a, \"\"b\"\"\"\n3,4,\"two\nlines\"\n");
        assertThat(parsed.featureNames()).containsExactly("width, cm", "say \"hi\"");
        assertThat(parsed.classNames()).containsExactly("a, \"b\"", "two\nlines");
    }

    @Test
    void dropsAnUnnamedFirstIndexColumnAsPandasWritesIt() {
        ParsedCsv parsed = parse(",a,b,label\n0,1,2,x\n1,3,4,y\n");
        assertThat(parsed.featureNames()).containsExactly("a", "b");
        assertThat(parsed.features()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void parsesNumbersTheSameWayWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            ParsedCsv parsed = parse("a,b,c,d,label\n5.1,-.5,+2,1e-3,x\n3.,0,1E2,-0.0,y\n");
            assertThat(parsed.features()).containsExactly(5.1, -0.5, 2, 0.001, 3, 0, 100, -0.0);
        } finally {
            Locale.setDefault(before);
        }
    }

    // --- the label column -------------------------------------------------------------------

    @Test
    void infersTheLastNonNumericColumnAsLabel() {
        ParsedCsv parsed = parse("a,species,b\n1,setosa,2\n3,virginica,4\n");
        assertThat(parsed.labelColumn()).isEqualTo("species");
        assertThat(parsed.featureNames()).containsExactly("a", "b");
        assertThat(parsed.features()).containsExactly(1, 2, 3, 4);
        assertThat(parsed.labels()).containsExactly(0, 1);
    }

    @Test
    void fallsBackToTheLastColumnWhenAllAreNumericSoDigitLabelsWork() {
        ParsedCsv parsed = parse("p1,p2,digit\n0.1,0.2,7\n0.3,0.4,0\n0.5,0.6,7\n");
        assertThat(parsed.labelColumn()).isEqualTo("digit");
        assertThat(parsed.classNames()).containsExactly("7", "0");
        assertThat(parsed.labels()).containsExactly(0, 1, 0);
    }

    @Test
    void usesTheRequestedLabelColumnEvenWhenItIsNumeric() {
        ParsedCsv parsed = parse("a,class,b\n1,0,2\n3,1,4\n", "class");
        assertThat(parsed.labelColumn()).isEqualTo("class");
        assertThat(parsed.featureNames()).containsExactly("a", "b");
        assertThat(parsed.classNames()).containsExactly("0", "1");
    }

    @Test
    void keepsTheLastColumnAsLabelWhenOnlyLaterRowsHoldText() {
        ParsedCsv parsed = parse("a,b,label\n1,2,3\n3,4,other\n");
        assertThat(parsed.labelColumn()).isEqualTo("label");
        assertThat(parsed.classNames()).containsExactly("3", "other");
    }

    @Test
    void ordersClassesByFirstAppearance() {
        ParsedCsv parsed = parse("x,y\n1,b\n2,a\n3,c\n4,a\n");
        assertThat(parsed.classNames()).containsExactly("b", "a", "c");
        assertThat(parsed.labels()).containsExactly(0, 1, 2, 1);
    }

    @Test
    void rejectsAnUnknownLabelColumnListingTheColumns() {
        InvalidDatasetException e = invalid("a,b,label\n1,2,x\n3,4,y\n", "Label");
        assertThat(e.getMessage()).contains("labelColumn 'Label'").contains("a, b, label");
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void rejectsFewerThanTwoClasses() {
        assertThat(invalid("a,b,label\n1,2,x\n3,4,x\n").getMessage())
                .contains("column 'label'").contains("only one class ('x')");
    }

    @Test
    void rejectsALabelColumnWithTooManyDistinctValues() {
        StringBuilder csv = new StringBuilder("a,target\n");
        for (int i = 0; i <= CsvDatasetParser.MAX_CLASSES; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        InvalidDatasetException e = invalid(csv.toString());
        assertThat(e.getMessage()).contains("Row 1001 ").contains("column 'target'").contains("labelColumn");
    }

    @Test
    void rejectsAnEmptyLabel() {
        assertThat(invalid("a,label\n1,x\n2,\"\"\n", "label").getMessage())
                .startsWith("Row 2 (line 3), column 'label' (column 2): the label is empty");
    }

    // --- bad values, with the row and column named ------------------------------------------

    @Test
    void namesRowLineAndColumnOfANonNumericFeature() {
        InvalidDatasetException e = invalid("\"\",a,b,label\n\"1\",1,2,x\n\n\"2\",3,oops,y\n");
        assertThat(e.getMessage()).startsWith("Row 2 (line 4), column 'b' (column 3): 'oops' is not a number");
        assertThat(e.getBody().getProperties()).containsEntry("row", 2L).containsEntry("line", 4L)
                .containsEntry("column", "b").containsEntry("columnPosition", 3);
    }

    @Test
    void hintsAtTheDecimalSeparatorForADecimalComma() {
        assertThat(invalid("a,b,label\n\"5,1\",2,x\n3,4,y\n").getMessage())
                .contains("Row 1 (line 2), column 'a'").contains("use '.' as the decimal separator");
    }

    @Test
    void rejectsNaNAndInfinities() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "inf", "+Inf", "nan"}) {
            assertThat(invalid("a,b,label\n1,2,x\n3," + value + ",y\n").getMessage())
                    .as(value).startsWith("Row 2 (line 3), column 'b' (column 2): '" + value + "' is not a finite number");
        }
        assertThat(invalid("a,b,label\n1,2,x\n3,1e400,y\n").getMessage()).contains("column 'b'").contains("too large");
    }

    @Test
    void rejectsMissingFeatureValues() {
        assertThat(invalid("a,b,label\n1,,x\n3,4,y\n").getMessage())
                .startsWith("Row 1 (line 2), column 'b' (column 2): the value is missing");
        assertThat(invalid("a,b,label\n1,2,x\nNA,4,y\n").getMessage())
                .startsWith("Row 2 (line 3), column 'a' (column 1): the value is missing ('NA')");
    }

    @Test
    void refusesJavaOnlyNumberSyntax() {
        assertThat(invalid("a,b,label\n1,2,x\n0x1p3,4,y\n").getMessage()).contains("'0x1p3' is not a number");
        assertThat(invalid("a,b,label\n1,2d,x\n3,4,y\n").getMessage()).contains("'2d' is not a number");
    }

    @Test
    void explainsTheInferredLabelWhenAFeatureHoldsText() {
        assertThat(invalid("a,b,label\n1,2,x\nzz,4,y\n").getMessage())
                .contains("'zz' is not a number").contains("label column 'label' was inferred").contains("labelColumn");
    }

    @Test
    void rejectsRaggedRows() {
        assertThat(invalid("a,b,label\n1,2,x\n3,4\n").getMessage())
                .isEqualTo("Row 2 (line 3) has 2 values but the header has 3 columns");
        assertThat(invalid("a,b,label\n1,2,x,9\n").getMessage())
                .isEqualTo("Row 1 (line 2) has 4 values but the header has 3 columns");
    }

    // --- the header -------------------------------------------------------------------------

    @Test
    void rejectsDuplicateColumnNames() {
        InvalidDatasetException e = invalid("a,b,a,label\n1,2,3,x\n");
        assertThat(e.getMessage()).contains("Columns 1 and 3").contains("both named 'a'");
        assertThat(e.getBody().getProperties()).containsEntry("column", "a").containsEntry("columnPosition", 3);
    }

    @Test
    void rejectsBlankColumnNamesExceptTheFirstIndexColumn() {
        assertThat(invalid("a,,label\n1,2,x\n").getMessage()).startsWith("Column 2 of the header has no name");
        assertThat(invalid("a,b,\" \"\n1,2,x\n").getMessage()).startsWith("Column 3 of the header has no name");
    }

    @Test
    void requiresAHeaderRow() {
        assertThat(invalid("5.1,3.5,1.4,0.2,setosa\n4.9,3,1.4,0.2,setosa\n").getMessage())
                .contains("looks like data, not a header");
    }

    @Test
    void requiresAFeatureAndALabelColumn() {
        assertThat(invalid("label\nx\ny\n").getMessage()).contains("has 1 column");
        assertThat(invalid("\"\",label\n1,x\n2,y\n").getMessage()).contains("has 1 column");
    }

    @Test
    void rejectsAnEmptyFileAndAHeaderWithoutRows() {
        assertThat(invalid("").getMessage()).startsWith("The file is empty");
        assertThat(invalid("\uFEFF").getMessage()).startsWith("The file is empty");
        assertThat(invalid("\n\r\n\n").getMessage()).startsWith("The file is empty");
        assertThat(invalid("a,b,label\n").getMessage()).isEqualTo("The file has a header but no data rows");
    }

    @Test
    void rejectsAnUnclosedQuote() {
        assertThat(invalid("a,b,label\n1,2,x\n1,2,\"x\n3,4,y\n").getMessage())
                .isEqualTo("Malformed CSV at line 3: a quoted field that starts on line 3 is never closed");
        assertThat(invalid("a,b,label\n1,2,\"x\"y\n").getMessage())
                .startsWith("Malformed CSV at line 2: after a closing quote only a comma");
    }

    // --- binary garbage ---------------------------------------------------------------------

    @Test
    void rejectsBinaryFiles() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThat(invalidBytes(parser, png).getMessage()).contains("not valid UTF-8");
        byte[] nul = "a,b,label\n1,2,x\n3\u0000,4,y\n".getBytes(StandardCharsets.UTF_8);
        assertThat(invalidBytes(parser, nul).getMessage()).startsWith("Line 3 contains the control character U+0000");
        byte[] latin1 = "a,b,label\n1,2,caf\u00e9\n3,4,y\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(invalidBytes(parser, latin1).getMessage()).contains("not valid UTF-8");
    }

    // --- limits -----------------------------------------------------------------------------

    @Test
    void rejectsTooManyRowsWith413() {
        CsvDatasetParser small = new CsvDatasetParser(1_000_000, 2, 50);
        InvalidDatasetException e = invalidBytes(small, "a,label\n1,x\n2,y\n3,x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("more than 2 data rows").contains("backprop.limits.rows");
        assertThat(e.getBody().getProperties()).containsEntry("row", 3L);
    }

    @Test
    void rejectsTooManyColumnsWith413() {
        CsvDatasetParser small = new CsvDatasetParser(1_000_000, 100, 3);
        InvalidDatasetException e = invalidBytes(small, "\"\",a,b,c,label\n1,1,2,3,x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("4 columns").contains("backprop.limits.columns");
    }

    @Test
    void rejectsAnUploadOverTheByteLimitWith413() {
        CsvDatasetParser small = new CsvDatasetParser(20, 100, 50);
        InvalidDatasetException e = invalidBytes(small, "a,label\n1,x\n2,y\n3,x\n4,y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("20 bytes").contains("backprop.limits.upload-bytes");
    }

    @Test
    void growsItsArraysForLargerFiles() {
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(',').append(-i).append(',').append(i * 0.25).append(',').append(i % 3 == 0 ? "p" : "q")
                    .append('\n');
        }
        ParsedCsv parsed = parse(csv.toString());
        assertThat(parsed.rows()).isEqualTo(5000);
        assertThat(parsed.features()).hasSize(15000);
        assertThat(parsed.features()[3 * 4999]).isEqualTo(4999);
        assertThat(parsed.features()[3 * 4999 + 2]).isEqualTo(4999 * 0.25);
        assertThat(parsed.labels()[4999]).isEqualTo(1);
    }

    @Test
    void theExceptionIsAProblemDetailWithTitle() {
        InvalidDatasetException e = invalid("a,b,label\n1,zz,x\n");
        assertThat(e.getBody().getTitle()).isEqualTo("Invalid dataset");
        assertThat(e.getBody().getDetail()).isEqualTo(e.getMessage());
        assertThatThrownBy(() -> parse("a,b,label\n1,zz,x\n")).isInstanceOf(InvalidDatasetException.class);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
