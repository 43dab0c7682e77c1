package dev.backprop.dataset;

import static dev.backprop.dataset.TestData.column;
import static dev.backprop.dataset.TestData.numbers;
import static dev.backprop.dataset.TestData.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;
import dev.backprop.system.ApiException;

/** Column types and missing values (issue 10): inference, overrides, markers, level limits. */
class CsvTypeRulesTests {

    private final CsvDatasetParser parser = TestData.parser(10_000_000, 100_000, 50);

    private ParsedDataset parse(String csv, String label, String types) {
        return TestData.parse(parser, csv, label, types);
    }

    private InvalidDatasetException invalid(String csv, String label, String types) {
        return catchThrowableOfType(InvalidDatasetException.class, () -> parse(csv, label, types));
    }

    // --- missing values ---------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "NA", "na", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL", "Null", "?", "\"NA\"",
            "\"\"", " NA ", "\" null \""})
    void everyMissingMarkerIsMissingInNumericAndCategoricalColumns(String marker) {
        ParsedDataset parsed = parse("n,c,label\n1," + marker + ",x\n" + marker + ",blue,y\n3,red,x\n", "label", null);
        Column n = column(parsed, "n");
        Column c = column(parsed, "c");
        assertThat(n).isInstanceOf(NumericColumn.class);
        assertThat(numbers(n)).containsExactly(1, Double.NaN, 3);
        assertThat(n.missing()).isEqualTo(1);
        assertThat(texts(c)).containsExactly(null, "blue", "red");
        assertThat(c.missing()).isEqualTo(1);
        assertThat(((CategoricalColumn) c).levels()).containsExactly("blue", "red");
    }

    @Test
    void wordsThatOnlyLookMissingAreText() {
        ParsedDataset parsed = parse("c,label\nNAN!,x\nnone,y\nN.A.,x\n", "label", null);
        assertThat(texts(column(parsed, "c"))).containsExactly("NAN!", "none", "N.A.");
    }

    @Test
    void aColumnWithOnlyMissingCellsIsNumericWithoutStatistics() {
        ParsedDataset parsed = parse("a,b,label\nNA,1,x\n,2,y\n", "label", null);
        assertThat(column(parsed, "a")).isInstanceOf(NumericColumn.class);
        assertThat(column(parsed, "a").missing()).isEqualTo(2);
    }

    // --- type inference ---------------------------------------------------------------------

    @Test
    void anyTextAmongTheCellsMakesAColumnCategorical() {
        ParsedDataset parsed = parse("size,label\n1,x\n2,y\n3+,x\n2,y\n", "label", null);
        Column size = column(parsed, "size");
        assertThat(size).isInstanceOf(CategoricalColumn.class);
        assertThat(((CategoricalColumn) size).levels()).containsExactly("1", "2", "3+");
        assertThat(texts(size)).containsExactly("1", "2", "3+", "2");
    }

    @Test
    void levelsAreTheTextsAsWritten() {
        ParsedDataset parsed = parse("v,label\n1,x\n1.0,y\n01,x\nz,y\n", "label", null);
        assertThat(((CategoricalColumn) column(parsed, "v")).levels()).containsExactly("1", "1.0", "01", "z");
    }

    @Test
    void aNumericColumnOfFewIntegersStaysNumeric() {
        StringBuilder csv = new StringBuilder("stars,label\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i % 5 + 1).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        Column stars = column(parse(csv.toString(), null, null), "stars");
        assertThat(stars).isInstanceOf(NumericColumn.class);
        assertThat(numbers(stars)).startsWith(1, 2, 3, 4, 5, 1);
    }

    @Test
    void aLongNumericColumnStaysExact() {
        StringBuilder csv = new StringBuilder("v,label\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i * 0.001 + 1e-7).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        double[] v = numbers(column(parse(csv.toString(), "label", null), "v"));
        for (int i = 0; i < 5000; i++) {
            assertThat(v[i]).isEqualTo(Double.parseDouble(Double.toString(i * 0.001 + 1e-7)));
        }
    }

    @Test
    void textAfterManyDistinctNumbersIsAnErrorNamingTheCell() {
        StringBuilder csv = new StringBuilder("v,label\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(i).append(",x\n");
        }
        csv.append("oops,y\n");
        InvalidDatasetException e = invalid(csv.toString(), "label", null);
        assertThat(e.getMessage()).startsWith("Row 1501 (line 1502), column 'v' (column 1): 'oops' is not a number, and"
                + " the rows above hold more than 1000 distinct numbers");
    }

    @Test
    void infinitiesAreLevelsAmongText() {
        ParsedDataset parsed = parse("v,label\nInf,x\nlow,y\n", "label", null);
        assertThat(texts(column(parsed, "v"))).containsExactly("Inf", "low");
    }

    @Test
    void nanIsAnErrorInANumericColumnWhenItIsNoMarker() {
        CsvDatasetParser strict = new CsvDatasetParser(1_000_000, 100, 10, 1000,
                dev.backprop.tabular.MissingMarkers.of(java.util.List.of("NA")));
        InvalidDatasetException e = catchThrowableOfType(InvalidDatasetException.class,
                () -> TestData.parse(strict, "v,label\n1,x\nNaN,y\n", "label", null));
        assertThat(e.getMessage()).startsWith("Row 2 (line 3), column 'v' (column 1): 'NaN' is not a finite number");
    }

    // --- overrides --------------------------------------------------------------------------

    @Test
    void columnTypesForceANumericLookingColumnCategorical() {
        ParsedDataset parsed = parse("zip,age,label\n02134,30,x\n10001,41,y\n02134,NA,x\n", "label",
                "zip:categorical,age:numeric");
        assertThat(texts(column(parsed, "zip"))).containsExactly("02134", "10001", "02134");
        assertThat(numbers(column(parsed, "age"))).containsExactly(30, 41, Double.NaN);
    }

    @Test
    void columnTypesForceTheLabelCategoricalSoItHasNoValues() {
        ParsedDataset parsed = parse("a,y\n1,1\n2,2\n3,1\n", null, "y:categorical");
        assertThat(parsed.label().name()).isEqualTo("y");
        assertThat(parsed.label().values()).isNull();
        assertThat(parsed.label().classNames()).containsExactly("1", "2");
    }

    @Test
    void aForcedCategoricalColumnCanBeTheInferredLabel() {
        ParsedDataset parsed = parse("grade,a\n1,5\n2,6\n", null, "grade:categorical");
        assertThat(parsed.label().name()).isEqualTo("grade");
    }

    @Test
    void columnTypesNamesMayBeQuotedAndHoldCommasAndColons() {
        ParsedDataset parsed = parse("\"w, cm\",a:b,label\n1,2,x\n3,4,y\n", "label", "\"w, cm:categorical\", a:b:categorical");
        assertThat(column(parsed, "w, cm")).isInstanceOf(CategoricalColumn.class);
        assertThat(column(parsed, "a:b")).isInstanceOf(CategoricalColumn.class);
    }

    @Test
    void anUnknownColumnInColumnTypesIs400ListingTheColumns() {
        InvalidDatasetException e = invalid("a,b,label\n1,2,x\n", null, "zip:categorical");
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("columnTypes names 'zip', which is not a column of this file; its columns"
                + " are: a, b, label");
    }

    @Test
    void aBadColumnTypesItemIs400() {
        assertThat(catchThrowableOfType(ApiException.class, () -> ColumnTypes.parse("age:number")).getMessage())
                .isEqualTo("columnTypes item 'age:number': the type must be numeric or categorical, was 'number'");
        assertThat(catchThrowableOfType(ApiException.class, () -> ColumnTypes.parse("age")).getMessage())
                .contains("is not name:type");
        assertThat(catchThrowableOfType(ApiException.class, () -> ColumnTypes.parse("a:numeric,a:categorical"))
                .getMessage()).contains("twice");
        assertThat(ColumnTypes.parse(" ")).isEmpty();
        assertThat(ColumnTypes.parse("a:NUMERIC, b : Categorical")).containsEntry("a", ColumnType.NUMERIC)
                .containsEntry("b", ColumnType.CATEGORICAL);
    }

    @Test
    void aForcedNumericColumnRefusesInfinityAndText() {
        assertThat(invalid("a,label\n1,x\n-Inf,y\n", "label", "a:numeric").getMessage())
                .startsWith("Row 2 (line 3), column 'a' (column 1): '-Inf' is not a finite number");
        assertThat(invalid("a,label\n1,x\nlots,y\n", "label", "a:numeric").getMessage())
                .startsWith("Row 2 (line 3), column 'a' (column 1): 'lots' is not a number");
    }

    // --- level limit ------------------------------------------------------------------------

    @Test
    void aCategoricalColumnWithTooManyLevelsIs400NamingItAsAnId() {
        CsvDatasetParser small = new CsvDatasetParser(1_000_000, 1000, 10, 3, dev.backprop.tabular.MissingMarkers.DEFAULT);
        InvalidDatasetException e = catchThrowableOfType(InvalidDatasetException.class, () -> TestData.parse(small,
                "name,a,label\nann,1,x\nbob,2,y\ncid,3,x\ndan,4,y\n", "label", null));
        assertThat(e.getMessage()).isEqualTo("Row 4 (line 5), column 'name' (column 1): the column has more than 3"
                + " distinct values (backprop.limits.levels): it looks like an identifier or free text, not a"
                + " category; remove the column, or if it holds numbers with a few typos, correct them");
        assertThat(e.getBody().getProperties()).containsEntry("limit", 3);
        // numbers are not levels: a numeric column may hold any number of distinct values
        ParsedDataset numeric = TestData.parse(small, "v,label\n1,x\n2,y\n3,x\n4,y\n5,x\n", "label", null);
        assertThat(numbers(column(numeric, "v"))).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void moreThan255LevelsUseTwoByteCodes() {
        StringBuilder csv = new StringBuilder("c,label\n");
        for (int i = 0; i < 600; i++) {
            csv.append("L").append(i % 400).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        CategoricalColumn c = (CategoricalColumn) column(parse(csv.toString(), "label", null), "c");
        assertThat(c.levels()).hasSize(400);
        assertThat(c).isInstanceOf(CompactColumns.CodedCategorical.class);
        assertThat(((CompactColumns.CodedCategorical) c).shorts).isNotNull();
        assertThat(texts(c)[599]).isEqualTo("L199");
    }
}
