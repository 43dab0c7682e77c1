package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.Columns;
import dev.backprop.engine.NumericColumn;

/** Every compact representation reads back exactly its plain values, through value/code and through gather. */
class CompactColumnsTests {

    private static final SplittableRandom RNG = new SplittableRandom(11);

    private static double[] values(int rows, java.util.function.IntToDoubleFunction value, double missingShare) {
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = RNG.nextDouble() < missingShare ? Double.NaN : value.applyAsDouble(i);
        }
        return v;
    }

    private static void assertSameNumbers(NumericColumn column, double[] plain) {
        assertThat(column.size()).isEqualTo(plain.length);
        int missing = 0;
        for (int i = 0; i < plain.length; i++) {
            assertThat(Double.doubleToLongBits(column.value(i))).as("row %d", i).isEqualTo(Double.doubleToLongBits(plain[i]));
            missing += Double.isNaN(plain[i]) ? 1 : 0;
        }
        assertThat(column.missing()).isEqualTo(missing);
        int[] rows = RNG.ints(500, 0, plain.length).toArray();
        double[] dst = new double[rows.length + 7];
        column.gather(rows, 3, rows.length - 3, dst, 7);
        for (int i = 0; i < rows.length - 3; i++) {
            assertThat(Double.doubleToLongBits(dst[7 + i])).isEqualTo(Double.doubleToLongBits(plain[rows[3 + i]]));
        }
    }

    @Test
    void fewDistinctValuesBecomeOneByteCodes() {
        double[] plain = values(3000, i -> (i * 7) % 200 - 100.5, 0.1);
        NumericColumn column = CompactColumns.numeric("few", plain.clone());
        assertThat(column).isInstanceOfSatisfying(CompactColumns.CodedNumeric.class, c -> assertThat(c.bytes).isNotNull());
        assertSameNumbers(column, plain);
    }

    @Test
    void upToAThousandDistinctValuesBecomeTwoByteCodes() {
        double[] plain = values(5000, i -> (i % 900) * 0.1, 0.05);
        NumericColumn column = CompactColumns.numeric("some", plain.clone());
        assertThat(column).isInstanceOfSatisfying(CompactColumns.CodedNumeric.class, c -> assertThat(c.shorts).isNotNull());
        assertSameNumbers(column, plain);
    }

    @Test
    void manyValuesThatAreAllFloatsBecomeFloats() {
        double[] plain = values(5000, i -> i * 0.25 - 300, 0.05);
        NumericColumn column = CompactColumns.numeric("floats", plain.clone());
        assertThat(column).isInstanceOf(CompactColumns.Floats.class);
        assertSameNumbers(column, plain);
    }

    @Test
    void anyOtherNumbersStayDoubles() {
        double[] plain = values(5000, i -> Math.PI * i + 1e-9, 0.05);
        NumericColumn column = CompactColumns.numeric("doubles", plain.clone());
        assertThat(column).isInstanceOf(CompactColumns.Doubles.class);
        assertSameNumbers(column, plain);
    }

    @Test
    void theParserPicksTheSameRepresentations() {
        StringBuilder csv = new StringBuilder("bytes,shorts,floats,doubles,label\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(i % 10).append(',').append(i % 700).append(',').append(i * 0.5).append(',').append(i * 0.1 + 0.01)
                    .append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        ParsedDataset parsed = TestData.parse(TestData.parser(10_000_000, 10_000, 10), csv.toString(), null, null);
        List<Column> f = parsed.features();
        assertThat(((CompactColumns.CodedNumeric) f.get(0)).bytes).isNotNull();
        assertThat(((CompactColumns.CodedNumeric) f.get(1)).shorts).isNotNull();
        assertThat(f.get(2)).isInstanceOf(CompactColumns.Floats.class);
        assertThat(f.get(3)).isInstanceOf(CompactColumns.Doubles.class);
        assertThat(TestData.numbers(f.get(3))[2999]).isEqualTo(2999 * 0.1 + 0.01);
        // a column that starts with floats and meets a non-float later is doubles throughout
        StringBuilder late = new StringBuilder("v,label\n");
        for (int i = 0; i < 2000; i++) {
            late.append(i == 1500 ? "0.1" : String.valueOf(i * 0.5)).append(",x\n");
        }
        late.append("1,y\n");
        double[] v = TestData.numbers(TestData.parse(TestData.parser(10_000_000, 10_000, 10), late.toString(), "label",
                null).features().get(0));
        assertThat(v[1499]).isEqualTo(749.5);
        assertThat(v[1500]).isEqualTo(0.1);
        assertThat(v[1999]).isEqualTo(999.5);
    }

    @Test
    void categoricalCodesReadBackTheirLevels() {
        for (int levels : new int[] {1, 2, 255, 256, 3000}) {
            List<String> names = new ArrayList<>();
            for (int l = 0; l < levels; l++) {
                names.add("level " + l);
            }
            int[] codes = RNG.ints(4000, -1, levels).toArray();
            CategoricalColumn plain = Columns.categorical("c", names, codes);
            CategoricalColumn compact = (CategoricalColumn) CompactColumns.of(plain);
            assertThat(compact).isInstanceOfSatisfying(CompactColumns.CodedCategorical.class,
                    c -> assertThat(c.bytes != null).isEqualTo(levels <= 255));
            assertThat(compact.levels()).isEqualTo(names);
            assertThat(compact.missing()).isEqualTo(plain.missing());
            assertThat(TestData.codes(compact)).containsExactly(codes);
            int[] rows = RNG.ints(300, 0, codes.length).toArray();
            int[] dst = new int[rows.length];
            compact.gather(rows, 0, rows.length, dst, 0);
            for (int i = 0; i < rows.length; i++) {
                assertThat(dst[i]).isEqualTo(codes[rows[i]]);
            }
        }
    }

    @Test
    void anEngineColumnIsReEncodedCompactly() {
        Column column = CompactColumns.of(Columns.numeric("n", new double[] {1, 2, Double.NaN, 2}));
        assertThat(column).isInstanceOf(CompactColumns.CodedNumeric.class);
        assertSameNumbers((NumericColumn) column, new double[] {1, 2, Double.NaN, 2});
        assertThat(CompactColumns.of(column)).isSameAs(column);
    }
}
