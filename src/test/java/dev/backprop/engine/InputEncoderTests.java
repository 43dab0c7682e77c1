package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InputEncoderTests {

    private static final double NA = Double.NaN;

    private static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Encodes rows of the columns as the trainer does: gather raw, then encode. */
    private static double[][] encode(InputEncoder.Fit fit, List<Column> columns, int[] rows) {
        Batch raw = new Batch(columns.size(), rows.length);
        InputEncoder.gather(columns, fit.levelMaps(), rows, 0, rows.length, raw, new int[rows.length]);
        Batch x = new Batch(fit.encoder().width(), rows.length);
        fit.encoder().encode(raw, rows.length, x, new double[rows.length]);
        double[][] out = new double[fit.encoder().width()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = java.util.Arrays.copyOf(x.row[k], rows.length);
        }
        return out;
    }

    @Test
    void categoricalColumnsBecomeOneHotOverTrainingLevelsWithMissingAsALevel() {
        CategoricalColumn island = Columns.categorical("island", List.of("Biscoe", "Dream", "Torgersen"),
                new int[] {0, 1, CategoricalColumn.MISSING, 0, 2});
        List<Column> columns = List.of(island);
        // "Torgersen" (row 4) is not among the training rows 0–3
        InputEncoder.Fit fit = InputEncoder.fit(columns, new int[] {0, 1, 2, 3}, Normalization.Z_SCORE);

        InputEncoder.CategoricalInput input = (InputEncoder.CategoricalInput) fit.encoder().inputs().get(0);
        assertThat(input.levels()).containsExactly("Biscoe", "Dream");
        assertThat(input.missingLevel()).isTrue();
        assertThat(fit.encoder().inputNames()).containsExactly("island=Biscoe", "island=Dream", "island (missing)");

        double[][] x = encode(fit, columns, all(5));
        assertThat(x[0]).containsExactly(1, 0, 0, 1, 0);
        assertThat(x[1]).containsExactly(0, 1, 0, 0, 0);
        assertThat(x[2]).containsExactly(0, 0, 1, 0, 0);
        // the unseen level: all zeros
    }

    @Test
    void missingNumbersTakeTheTrainingMeanAndGetAnIndicator() {
        NumericColumn age = Columns.numeric("age", new double[] {10, NA, 30, 1000});
        NumericColumn full = Columns.numeric("height", new double[] {1, 2, 3, 4});
        List<Column> columns = List.of(age, full);
        InputEncoder.Fit fit = InputEncoder.fit(columns, new int[] {0, 1, 2}, Normalization.NONE);

        InputEncoder.NumericInput a = (InputEncoder.NumericInput) fit.encoder().inputs().get(0);
        assertThat(a.impute()).isEqualTo(20);
        assertThat(a.indicator()).isTrue();
        assertThat(((InputEncoder.NumericInput) fit.encoder().inputs().get(1)).indicator()).isFalse();
        assertThat(fit.encoder().width()).isEqualTo(3);

        double[][] x = encode(fit, columns, all(4));
        assertThat(x[0]).containsExactly(10, 20, 30, 1000);
        assertThat(x[1]).containsExactly(0, 1, 0, 0);
        assertThat(x[2]).containsExactly(1, 2, 3, 4);
    }

    @Test
    void everythingIsFittedOnTrainingRowsOnly() {
        double[] values = new double[100];
        int[] codes = new int[100];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            values[i] = rng.nextDouble();
            codes[i] = i % 2;
        }
        int[] train = new int[50];
        for (int i = 0; i < 50; i++) {
            train[i] = 2 * i;          // even rows, all level "a"
            values[2 * i + 1] = 1e6;   // odd rows poisoned
            if (i % 5 == 0) {
                values[2 * i + 1] = NA;
            }
        }
        List<Column> columns = List.of(Columns.numeric("v", values), Columns.categorical("c", List.of("a", "b"), codes));

        InputEncoder.Fit fit = InputEncoder.fit(columns, train, Normalization.Z_SCORE);

        InputEncoder.NumericInput v = (InputEncoder.NumericInput) fit.encoder().inputs().get(0);
        assertThat(v.max()).isLessThan(1);
        assertThat(v.indicator()).as("no missing cell among the training rows").isFalse();
        assertThat(v.shift()).isLessThan(1);
        assertThat(((InputEncoder.CategoricalInput) fit.encoder().inputs().get(1)).levels()).containsExactly("a");
    }

    /** Numeric data without missing cells encodes exactly as the case study and the defaults always scaled it. */
    @Test
    void plainNumericDataMatchesTheNormalisersBitForBit() {
        TrainingData iris = Fixtures.iris();
        int[] rows = all(iris.rows());
        for (Normalization kind : Normalization.values()) {
            Normalizer normalizer = Normalizer.fit(kind, Fixtures.matrix(iris), 4, rows);
            List<Column> columns = iris.features();
            double[][] x = encode(InputEncoder.fit(columns, rows, kind), columns, rows);
            double[] expected = new double[4];
            for (int r = 0; r < iris.rows(); r++) {
                normalizer.apply(Fixtures.matrix(iris), r * 4, expected, 0, 4);
                for (int j = 0; j < 4; j++) {
                    assertThat(x[j][r]).as("%s row %d column %d", kind, r, j).isEqualTo(expected[j]);
                }
            }
        }
    }
}
