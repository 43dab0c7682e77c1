package dev.backprop.dataset;

import static dev.backprop.dataset.TestData.codes;
import static dev.backprop.dataset.TestData.column;
import static dev.backprop.dataset.TestData.matrix;
import static dev.backprop.dataset.TestData.names;
import static dev.backprop.dataset.TestData.numbers;
import static dev.backprop.dataset.TestData.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.backprop.engine.Task;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.NumericColumn;
import dev.backprop.tabular.MissingMarkers;

/** The CSV rules of DESIGN §3, one test per rule; the type and missing-value rules in {@link CsvTypeRulesTests}. */
class CsvDatasetParserTests {

    private final CsvDatasetParser parser = TestData.parser(1_000_000, 10_000, 50);

    private ParsedDataset parse(String csv) {
        return parse(csv, null);
    }

    private ParsedDataset parse(String csv, String labelColumn) {
        return TestData.parse(parser, csv, labelColumn, null);
    }

    private InvalidDatasetException invalid(String csv) {
        return invalid(csv, null);
    }

    private InvalidDatasetException invalid(String csv, String labelColumn) {
        return catchThrowableOfType(InvalidDatasetException.class, () -> parse(csv, labelColumn));
    }

    private static InvalidDatasetException invalidBytes(CsvDatasetParser parser, byte[] bytes) {
        return catchThrowableOfType(InvalidDatasetException.class,
                () -> parser.parse(new ByteArrayInputStream(bytes), null, Map.of()));
    }

    private static List<String> classes(ParsedDataset parsed) {
        return parsed.label().classNames();
    }

    // --- the shipped file -------------------------------------------------------------------

    @Test
    void readsTheShippedIrisAsRWroteIt() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
            bytes = in.readAllBytes();
        }
        ParsedDataset iris = parser.parse(new ByteArrayInputStream(bytes), null, Map.of());

        assertThat(iris.rows()).isEqualTo(150);
        assertThat(names(iris)).containsExactly("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width");
        assertThat(iris.features()).allMatch(c -> c instanceof NumericColumn && c.missing() == 0);
        assertThat(iris.label().name()).isEqualTo("Species");
        assertThat(classes(iris)).containsExactly("setosa", "versicolor", "virginica");
        assertThat(iris.label().values()).isNull();
        assertThat(matrix(iris)).hasSize(600).startsWith(5.1, 3.5, 1.4, 0.2, 4.9, 3.0);
        int[] labels = codes(iris.label().classes());
        assertThat(labels).startsWith(0, 0).endsWith(2, 2);
        assertThat(labels[50]).isEqualTo(1);
        assertThat(iris.skippedRows()).isZero();
        assertThat(iris.sha256()).isEqualTo(sha256(bytes));
        assertThat(iris.bytes()).isEqualTo(bytes.length);
    }

    // --- encoding and layout ----------------------------------------------------------------

    @Test
    void dropsAUtf8ByteOrderMarkButHashesTheBytesAsSent() throws Exception {
        byte[] bytes = "\uFEFFa,b,label\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.UTF_8);
        ParsedDataset parsed = parser.parse(new ByteArrayInputStream(bytes), null, Map.of());
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(parsed.sha256()).isEqualTo(sha256(bytes));
    }

    @Test
    void acceptsCrlfAndCrLineEndsAndSkipsBlankLines() {
        ParsedDataset crlf = parse("a,b,label\r\n1,2,x\r\n\r\n   \r\n3,4,y\r\n");
        ParsedDataset cr = parse("a,b,label\r1,2,x\r3,4,y");
        assertThat(crlf.rows()).isEqualTo(2);
        assertThat(cr.rows()).isEqualTo(2);
        assertThat(matrix(crlf)).containsExactly(1, 2, 3, 4);
        assertThat(classes(cr)).containsExactly("x", "y");
    }

    @Test
    void ignoresWhitespaceAroundNamesAndValues() {
        ParsedDataset parsed = parse(" a , \"b\" ,label \n  1.5 ,\t2 , x \n3, 4 ,\" y \"\n");
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(matrix(parsed)).containsExactly(1.5, 2, 3, 4);
        assertThat(classes(parsed)).containsExactly("x", "y");
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        ParsedDataset parsed = parse("\"width, cm\",\"say \"\"hi\"\"\",kind\n1,2,\"a, \"\"b\"\"\"\n3,4,c\n");
        assertThat(names(parsed)).containsExactly("width, cm", "say \"hi\"");
        assertThat(classes(parsed)).containsExactly("a, \"b\"", "c");
    }

    @Test
    void refusesLineBreaksTabsAndBidiControlsInNamesAndTextValues() {
        assertThat(invalid("a,b,kind\n1,2,\"two\nlines\"\n3,4,c\n").getMessage())
                .startsWith("Row 1 (line 2), column 'kind' (column 3): the value holds a line break (U+000A)");
        assertThat(invalid("a,b,kind\n1,2,\"tab\there\"\n").getMessage()).contains("a tab (U+0009)");
        assertThat(invalid("a,\"b\u202Eevil\",kind\n1,2,x\n3,4,y\n").getMessage())
                .startsWith("The name of column 2 holds the bidirectional control U+202E");
        assertThat(invalid("a,b,kind\n1,2,\"\u2066x\"\n").getMessage()).contains("column 'kind'").contains("U+2066");
    }

    @Test
    void dropsAnUnnamedFirstIndexColumnAsPandasWritesIt() {
        ParsedDataset parsed = parse(",a,b,label\n0,1,2,x\n1,3,4,y\n");
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(matrix(parsed)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void dropsRowNamesTheHeaderDoesNotNameAsRsWriteTableWritesThem() {
        ParsedDataset parsed = parse("\"a\",\"b\",\"label\"\n\"1\",5,6,\"x\"\n\"2\",7,8,\"y\"\n");
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(matrix(parsed)).containsExactly(5, 6, 7, 8);
        assertThat(classes(parsed)).containsExactly("x", "y");
        assertThat(invalid("a,b,label\n\"1\",5,6,x\n7,8,y\n").getMessage())
                .isEqualTo("Row 2 (line 3) has 3 values but row 1 has 4 (one more than the header names: read as R's"
                        + " row names)");
    }

    @Test
    void parsesNumbersTheSameWayWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            ParsedDataset parsed = parse("a,b,c,d,label\n5.1,-.5,+2,1e-3,x\n3.,0,1E2,-0.0,y\n");
            assertThat(matrix(parsed)).containsExactly(5.1, -0.5, 2, 0.001, 3, 0, 100, -0.0);
        } finally {
            Locale.setDefault(before);
        }
    }

    // --- the label column -------------------------------------------------------------------

    @Test
    void infersTheLastNonNumericColumnAsLabel() {
        ParsedDataset parsed = parse("a,species,b\n1,setosa,2\n3,virginica,4\n");
        assertThat(parsed.label().name()).isEqualTo("species");
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(matrix(parsed)).containsExactly(1, 2, 3, 4);
        assertThat(codes(parsed.label().classes())).containsExactly(0, 1);
    }

    @Test
    void infersTheLabelOverTheWholeColumnNotTheFirstRow() {
        // 'kind' is numeric in row 1 but text later: it is the last non-numeric column
        ParsedDataset parsed = parse("a,kind,b\n1,3,2\n3,other,4\n");
        assertThat(parsed.label().name()).isEqualTo("kind");
        assertThat(classes(parsed)).containsExactly("3", "other");
    }

    @Test
    void fallsBackToTheLastColumnWhenAllAreNumericSoDigitLabelsWork() {
        ParsedDataset parsed = parse("p1,p2,digit\n0.1,0.2,7\n0.3,0.4,0\n0.5,0.6,7\n");
        assertThat(parsed.label().name()).isEqualTo("digit");
        assertThat(classes(parsed)).containsExactly("7", "0");
        assertThat(codes(parsed.label().classes())).containsExactly(0, 1, 0);
        assertThat(parsed.label().values()).containsExactly(7, 0, 7);
        assertThat(parsed.label().defaultTask()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void usesTheRequestedLabelColumnEvenWhenItIsNumeric() {
        ParsedDataset parsed = parse("a,class,b\n1,0,2\n3,1,4\n", "class");
        assertThat(parsed.label().name()).isEqualTo("class");
        assertThat(names(parsed)).containsExactly("a", "b");
        assertThat(classes(parsed)).containsExactly("0", "1");
    }

    @Test
    void keepsTheLastColumnAsLabelWhenOnlyLaterRowsHoldText() {
        ParsedDataset parsed = parse("a,b,label\n1,2,3\n3,4,other\n");
        assertThat(parsed.label().name()).isEqualTo("label");
        assertThat(classes(parsed)).containsExactly("3", "other");
        assertThat(parsed.label().values()).isNull();
    }

    @Test
    void ordersClassesByFirstAppearance() {
        ParsedDataset parsed = parse("x,y\n1,b\n2,a\n3,c\n4,a\n");
        assertThat(classes(parsed)).containsExactly("b", "a", "c");
        assertThat(codes(parsed.label().classes())).containsExactly(0, 1, 2, 1);
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
    void aNumericLabelWithManyValuesIsARegressionTargetWithoutClasses() {
        StringBuilder csv = new StringBuilder("a,target\n");
        for (int i = 0; i <= Label.MAX_CLASSES; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        ParsedDataset parsed = parse(csv.toString());
        assertThat(parsed.label().name()).isEqualTo("target");
        assertThat(parsed.label().classes()).isNull();
        assertThat(parsed.label().values()).hasSize(1001).startsWith(0, 0.5).endsWith(500);
        assertThat(parsed.label().distinctValues()).isEqualTo(Label.MAX_CLASSES + 1);
        assertThat(parsed.label().defaultTask()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void aNumericLabelWithMoreThanTwentyValuesIsRegressionByDefaultButKeepsItsClasses() {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < 21; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        Label label = parse(csv.toString()).label();
        assertThat(label.distinctValues()).isEqualTo(21);
        assertThat(label.classNames()).hasSize(21);
        assertThat(label.defaultTask()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void rejectsATextLabelWithTooManyDistinctValuesAsAnId() {
        StringBuilder csv = new StringBuilder("a,who\n");
        for (int i = 0; i <= Label.MAX_CLASSES; i++) {
            csv.append(i).append(",id-").append(i).append('\n');
        }
        InvalidDatasetException e = invalid(csv.toString(), "who");
        assertThat(e.getMessage()).startsWith("Row 1001 (line 1002), column 'who' (column 2): the column has more than"
                + " 1000 distinct values").contains("identifier");
    }

    @Test
    void skipsAndCountsRowsWhoseLabelIsMissing() {
        ParsedDataset named = parse("a,label\n1,x\n2,\"\"\n3,NA\n4,y\n", "label");
        assertThat(named.rows()).isEqualTo(2);
        assertThat(named.skippedRows()).isEqualTo(2);
        assertThat(numbers(named.features().get(0))).containsExactly(1, 4);
        ParsedDataset inferred = parse("a,c,label\n1,p,x\n2,q,?\n3,p,\n4,r,y\n");
        assertThat(inferred.label().name()).isEqualTo("label");
        assertThat(inferred.skippedRows()).isEqualTo(2);
        assertThat(numbers(column(inferred, "a"))).containsExactly(1, 4);
        // 'q' only appeared in a skipped row: it is no level of the column
        assertThat(((CategoricalColumn) column(inferred, "c")).levels()).containsExactly("p", "r");
        assertThat(texts(column(inferred, "c"))).containsExactly("p", "r");
    }

    @Test
    void rejectsAFileWhoseEveryLabelIsMissing() {
        assertThat(invalid("a,label\n1,NA\n2,\n", "label").getMessage())
                .startsWith("Every row's label is missing: the label column 'label'");
    }

    // --- bad values, with the row and column named ------------------------------------------

    @Test
    void namesRowLineAndColumnOfTextInAColumnForcedNumeric() {
        InvalidDatasetException e = catchThrowableOfType(InvalidDatasetException.class, () -> TestData.parse(parser,
                "\"\",a,b,label\n\"1\",1,2,x\n\n\"2\",3,oops,y\n", null, "b:numeric"));
        assertThat(e.getMessage()).startsWith("Row 2 (line 4), column 'b' (column 3): 'oops' is not a number, and"
                + " columnTypes makes this column numeric");
        assertThat(e.getBody().getProperties()).containsEntry("row", 2L).containsEntry("line", 4L)
                .containsEntry("column", "b").containsEntry("columnPosition", 3);
    }

    @Test
    void hintsAtTheDecimalSeparatorForADecimalComma() {
        assertThat(catchThrowableOfType(InvalidDatasetException.class, () -> TestData.parse(parser,
                "a,b,label\n\"5,1\",2,x\n3,4,y\n", null, "a:numeric")).getMessage())
                .contains("Row 1 (line 2), column 'a'").contains("use '.' as the decimal separator");
    }

    @Test
    void rejectsInfinitiesInNumericColumnsNamingTheFirst() {
        for (String value : new String[] {"Infinity", "-Infinity", "inf", "+Inf", "-inf", "#DIV/0!"}) {
            assertThat(invalid("a,b,label\n1,2,x\n3," + value + ",y\n5,6,x\n").getMessage())
                    .as(value).startsWith("Row 2 (line 3), column 'b' (column 2): '" + value + "' is not a finite number");
        }
        assertThat(invalid("a,b,label\n1,2,x\n3,1e400,y\n").getMessage()).contains("column 'b'").contains("too large");
    }

    @Test
    void refusesJavaOnlyNumberSyntaxAsNumbers() {
        // not numbers: in an inferred column they are text, so the column is categorical
        ParsedDataset parsed = parse("a,b,label\n1,2d,x\n0x1p3,4,y\n", "label");
        assertThat(column(parsed, "a")).isInstanceOf(CategoricalColumn.class);
        assertThat(texts(column(parsed, "b"))).containsExactly("2d", "4");
        assertThat(catchThrowableOfType(InvalidDatasetException.class, () -> TestData.parse(parser,
                "a,b,label\n1,2,x\n0x1p3,4,y\n", null, "a:numeric")).getMessage()).contains("'0x1p3' is not a number");
    }

    @Test
    void rejectsRaggedRows() {
        assertThat(invalid("a,b,label\n1,2,x\n3,4\n").getMessage())
                .isEqualTo("Row 2 (line 3) has 2 values but the header has 3 columns");
        assertThat(invalid("a,b,label\n1,2,x,9,9\n").getMessage())
                .isEqualTo("Row 1 (line 2) has 5 values but the header has 3 columns");
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
        assertThat(invalid("a,b,label\n1,2,x\n1,2,\"x\"\"").getMessage()).contains("is never closed");
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
        CsvDatasetParser small = TestData.parser(1_000_000, 2, 50);
        InvalidDatasetException e = invalidBytes(small, "a,label\n1,x\n2,y\n3,x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("more than 2 data rows").contains("backprop.limits.rows");
        assertThat(e.getBody().getProperties()).containsEntry("row", 3L);
    }

    @Test
    void rejectsTooManyColumnsWith413() {
        CsvDatasetParser small = TestData.parser(1_000_000, 100, 3);
        InvalidDatasetException e = invalidBytes(small, "\"\",a,b,c,label\n1,1,2,3,x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("4 columns").contains("backprop.limits.columns");
        InvalidDatasetException wide = invalidBytes(small, ("a,label\n" + "1,".repeat(100_000) + "x\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(wide.getMessage()).isEqualTo("Row 1 (line 2) has 100001 values but the header has 2 columns");
    }

    @Test
    void rejectsAnUploadOverTheByteLimitWith413() {
        CsvDatasetParser small = TestData.parser(20, 100, 50);
        InvalidDatasetException e = invalidBytes(small, "a,label\n1,x\n2,y\n3,x\n4,y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.getMessage()).contains("20 bytes").contains("backprop.limits.upload-bytes");
    }

    @Test
    void growsItsColumnsForLargerFiles() {
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(',').append(-i).append(',').append(i * 0.25).append(',').append(i % 3 == 0 ? "p" : "q")
                    .append('\n');
        }
        ParsedDataset parsed = parse(csv.toString());
        assertThat(parsed.rows()).isEqualTo(5000);
        assertThat(matrix(parsed)).hasSize(15000);
        assertThat(matrix(parsed)[3 * 4999]).isEqualTo(4999);
        assertThat(matrix(parsed)[3 * 4999 + 2]).isEqualTo(4999 * 0.25);
        assertThat(codes(parsed.label().classes())[4999]).isEqualTo(1);
    }

    @Test
    void theExceptionIsAProblemDetailWithTitle() {
        InvalidDatasetException e = invalid("a,b,label\n1,Inf,x\n");
        assertThat(e.getBody().getTitle()).isEqualTo("Invalid dataset");
        assertThat(e.getBody().getDetail()).isEqualTo(e.getMessage());
        assertThatThrownBy(() -> parse("a,b,label\n1,Inf,x\n")).isInstanceOf(InvalidDatasetException.class);
    }

    @Test
    void markersComeFromTheConfiguration() {
        CsvDatasetParser custom = new CsvDatasetParser(1_000_000, 100, 50, 1000, MissingMarkers.of(List.of("-", "missing")));
        ParsedDataset parsed = TestData.parse(custom, "a,b,label\n1,-,x\nMISSING,NA,y\n3,4,x\n", null, null);
        assertThat(numbers(column(parsed, "a"))).containsExactly(1, Double.NaN, 3);
        // NA is no marker here: it is text, so 'b' is categorical
        assertThat(texts(column(parsed, "b"))).containsExactly(null, "NA", "4");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
