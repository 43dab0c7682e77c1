package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that may spend memory on a row-major copy of its data reads every batch from it; the copy
 * must change nothing: same weights, bit for bit, and the same metrics as the column-by-column
 * gather, with categorical codes, missing values and every normalisation.
 */
class RowTableTests {

    private static TrainingData mixed(int rows, boolean regression) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] a = new double[rows];
        double[] b = new double[rows];
        int[] colour = new int[rows];
        int[] labels = new int[rows];
        double[] values = new double[rows];
        for (int r = 0; r < rows; r++) {
            a[r] = rng.nextInt(10) == 0 ? Double.NaN : rng.nextGaussian() * 3 + 1;
            b[r] = rng.nextDouble() * 100;
            colour[r] = rng.nextInt(9) == 0 ? CategoricalColumn.MISSING : rng.nextInt(4);
            double signal = (Double.isNaN(a[r]) ? 0 : a[r]) + b[r] / 50 + (colour[r] == 2 ? 2 : 0);
            labels[r] = signal > 3 ? 2 : signal > 1.5 ? 1 : 0;
            values[r] = signal + rng.nextGaussian() * 0.1;
        }
        List<Column> features = List.of(Columns.numeric("a", a), Columns.numeric("b", b),
                Columns.categorical("colour", List.of("red", "green", "blue", "grey"), colour));
        return new TrainingData(features, regression ? new TrainingData.Values(values)
                : new TrainingData.Classes(labels, List.of("low", "mid", "high")));
    }

    /** Wide enough that OpenBLAS takes the first layer's products: the batch goes example-major into native memory. */
    /** @param plain numbers only, none missing: the copy then holds the rows encoded */
    private static TrainingData wide(int rows, boolean plain) {
        SplittableRandom rng = new SplittableRandom(12);
        List<Column> features = new java.util.ArrayList<>();
        int[] labels = new int[rows];
        double[][] values = new double[40][rows];
        for (int r = 0; r < rows; r++) {
            double signal = 0;
            for (int j = 0; j < 40; j++) {
                values[j][r] = !plain && rng.nextInt(50) == 0 ? Double.NaN : rng.nextGaussian() + j % 3;
                signal += Double.isNaN(values[j][r]) ? 0 : values[j][r] * (j % 2 == 0 ? 1 : -1);
            }
            labels[r] = signal > 1 ? 1 : 0;
        }
        for (int j = 0; j < 40; j++) {
            features.add(Columns.numeric("v" + j, values[j]));
        }
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
            codes[r] = rng.nextInt(7) == 0 ? CategoricalColumn.MISSING : rng.nextInt(5);
        }
        if (!plain) {
            features.add(Columns.categorical("kind", List.of("a", "b", "c", "d", "e"), codes));
        }
        return new TrainingData(features, new TrainingData.Classes(labels, List.of("no", "yes")));
    }

    @ParameterizedTest(name = "wide, {0}")
    @ValueSource(strings = {"z-score", "l2-row", "plain z-score", "plain l2-row", "plain min-max", "plain small"})
    void theCopyChangesNothingWhereOpenBlasReadsTheBatchExampleMajor(String kind) {
        TrainingData data = wide(1_500, kind.startsWith("plain"));
        String normalization = kind.replace("plain ", "");
        TrainingConfig settings = TrainingConfig.defaults(3).toBuilder()
                // a hidden layer of 4 keeps every product on the small path (rows, not native memory)
                .hiddenLayers(List.of(normalization.equals("small") ? 4 : 64)).batchSize(128).epochs(4).earlyStopping(null)
                .normalization(switch (normalization) {
                    case "l2-row" -> Normalization.L2_ROW;
                    case "min-max" -> Normalization.MIN_MAX;
                    default -> Normalization.Z_SCORE;
                }).build();
        assertTheCopyChangesNothing(settings, data, Long.MAX_VALUE, normalization);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"classification z-score", "classification l2-row", "classification min-max",
            "regression z-score", "full batch"})
    void theCopyChangesNothing(String kind) {
        boolean regression = kind.startsWith("regression");
        TrainingData data = mixed(900, regression);
        TrainingConfig.Builder config = TrainingConfig.defaults(5).toBuilder().epochs(15).earlyStopping(null);
        if (regression) {
            config = TrainingConfig.of(java.util.Map.of("task", "regression"), TrainingConfig.defaults(5)).toBuilder()
                    .epochs(15).earlyStopping(null);
        }
        if (kind.endsWith("l2-row")) {
            config.normalization(Normalization.L2_ROW);
        } else if (kind.endsWith("min-max")) {
            config.normalization(Normalization.MIN_MAX);
        } else if (kind.equals("full batch")) {
            config.batchSize(0);
        }
        TrainingConfig settings = config.build();
        assertThat(Trainer.tableBytes(900, 3)).isEqualTo(8L * 900 * 3);
        assertTheCopyChangesNothing(settings, data, Trainer.tableBytes(900, 3), kind);
    }

    /** Trains with no memory to spare and with {@code spare}, on one thread and on two: the same, bit for bit. */
    private static void assertTheCopyChangesNothing(TrainingConfig settings, TrainingData data, long spare, String what) {
        for (int threads : new int[] {1, 2}) {
            Trainer trainer = new Trainer(threads);
            TrainingResult columns = trainer.train(settings, data, TrainingListener.NONE, 0);
            TrainingResult table = trainer.train(settings, data, TrainingListener.NONE, spare);
            NetworkParameters expected = columns.model().parameters();
            NetworkParameters actual = table.model().parameters();
            for (int l = 0; l < expected.weights().size(); l++) {
                assertThat(actual.weights().get(l)).as("%s, %d threads, layer %d", what, threads, l)
                        .isDeepEqualTo(expected.weights().get(l));
            }
            assertThat(table.train().loss()).isEqualTo(columns.train().loss());
            assertThat(table.test().loss()).isEqualTo(columns.test().loss());
            assertThat(table.history().loss()).isEqualTo(columns.history().loss());
        }
    }
}
