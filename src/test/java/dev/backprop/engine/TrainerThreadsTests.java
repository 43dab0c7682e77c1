package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Training on several threads: bit-identical weights for the same seed, config and thread count; the
 * same gradient as one thread up to summation order; and OpenBLAS against the EJML fallback.
 */
class TrainerThreadsTests {

    /** 64 features, 3 classes: with hidden [256] and batches of 128 the trainer splits each batch in two. */
    private static final TrainingData DATA = synthetic(1_200, 64, 3, 5);

    private static TrainingConfig config(long seed) {
        return TrainingConfig.defaults(seed).toBuilder().hiddenLayers(List.of(256)).batchSize(128).epochs(6)
                .earlyStopping(null).build();
    }

    @Test
    void theseBatchesReallyAreSharedByTwoThreads() {
        long multiplyAdds = 64 * 256 + 256 * 3;
        assertThat(Trainer.parts(2, 128, multiplyAdds)).isEqualTo(2);
        assertThat(Trainer.parts(8, 128, multiplyAdds)).isEqualTo(2);
        // the case study's full batch of 100 rows on 4-5-3 stays on one thread
        assertThat(Trainer.parts(2, 100, 4 * 5 + 5 * 3)).isEqualTo(1);
        assertThat(Trainer.parts(2, 7, 1_000_000)).isEqualTo(1);
    }

    @Test
    void sameSeedConfigAndThreadsGiveBitIdenticalWeights() {
        for (int threads : new int[] {1, 2, 3}) {
            Trainer trainer = new Trainer(threads);
            NetworkParameters first = trainer.train(config(3), DATA, TrainingListener.NONE).model().parameters();
            NetworkParameters second = trainer.train(config(3), DATA, TrainingListener.NONE).model().parameters();
            // a trainer of its own, too: nothing carries over between runs
            NetworkParameters third = new Trainer(threads).train(config(3), DATA, TrainingListener.NONE).model()
                    .parameters();
            for (int l = 0; l < first.weights().size(); l++) {
                assertThat(second.weights().get(l)).as("threads %d, layer %d", threads, l)
                        .isDeepEqualTo(first.weights().get(l));
                assertThat(third.weights().get(l)).isDeepEqualTo(first.weights().get(l));
                assertThat(second.biases().get(l)).isEqualTo(first.biases().get(l));
            }
        }
    }

    @Test
    void twoThreadsComputeOneThreadsStepUpToSummationOrder() {
        // one full-batch step of plain SGD with L2 and biases, mean and sum reductions, three optimizers
        for (OptimizerType optimizer : OptimizerType.values()) {
            for (Reduction reduction : Reduction.values()) {
                TrainingConfig one = config(9).toBuilder().batchSize(0).epochs(2).optimizer(optimizer)
                        .reduction(reduction).learningRate(0.001).l2(0.01).testFraction(0).validationFraction(0)
                        .build();
                NetworkParameters a = new Trainer(1).train(one, DATA, TrainingListener.NONE).model().parameters();
                NetworkParameters b = new Trainer(2).train(one, DATA, TrainingListener.NONE).model().parameters();
                assertClose(a, b, 1e-10, optimizer + " " + reduction);
            }
        }
    }

    @Test
    void lossAndAccuracyFiguresAddUpOverThreads() {
        TrainingConfig config = config(4).toBuilder().testFraction(0).validationFraction(0).build();
        TrainingHistory one = new Trainer(1).train(config, DATA, TrainingListener.NONE).history();
        TrainingHistory two = new Trainer(2).train(config, DATA, TrainingListener.NONE).history();
        assertThat(two.loss().get(0)).isCloseTo(one.loss().get(0), within(1e-9));
        assertThat(two.accuracy().get(0)).isEqualTo(one.accuracy().get(0));
    }

    /**
     * With two threads the final evaluation runs chunks of {@link Trainer#EVAL_CHUNK} rows side by side:
     * the train and test confusion matrices must add up to the returned model's own predictions, row by
     * row (3 500 rows, the default test share: 2 800 training rows, three chunks and a short one, so
     * one group of two has a single chunk). No validation rows, which neither matrix counts.
     */
    @Test
    void chunksEvaluatedSideBySideGiveTheModelsOwnConfusionMatrix() {
        int rows = 3_500;
        int features = 64;
        TrainingData data = synthetic(rows, features, 3, 8);
        TrainingConfig config = config(5).toBuilder().epochs(1).validationFraction(0).build();
        TrainingResult result = new Trainer(2).train(config, data, TrainingListener.NONE);
        double[] raw = new double[rows * features];
        for (int j = 0; j < features; j++) {
            NumericColumn column = (NumericColumn) data.features().get(j);
            for (int r = 0; r < rows; r++) {
                raw[r * features + j] = column.value(r);
            }
        }
        double[] outputs = result.model().predictBatch(raw, rows);
        int[] labels = ((TrainingData.Classes) data.target()).labels();
        int[][] expected = new int[3][3];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (outputs[r * 3 + c] > outputs[r * 3 + best]) {
                    best = c;
                }
            }
            expected[labels[r]][best]++;
        }
        assertThat(result.train().rows()).isGreaterThan(2 * Trainer.EVAL_CHUNK);
        assertThat(result.train().rows() + result.test().rows()).isEqualTo(rows);
        int[][] both = new int[3][3];
        for (int[][] m : List.of(result.train().confusionMatrix(), result.test().confusionMatrix())) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    both[i][j] += m[i][j];
                }
            }
        }
        assertThat(both).isDeepEqualTo(expected);
    }

    @Test
    void openBlasGivesTheEjmlFallbacksWeightsWithinRounding() {
        TrainingConfig config = config(6).toBuilder().epochs(2).build();
        NetworkParameters ejml = new Trainer(MatMul.EJML, 1).train(config, DATA, TrainingListener.NONE).model()
                .parameters();
        NetworkParameters fast = new Trainer(MatMul.DEFAULT, 1).train(config, DATA, TrainingListener.NONE).model()
                .parameters();
        assertClose(ejml, fast, 1e-9, "OpenBLAS vs EJML");
    }

    @Test
    void threadCountMustBePositive() {
        assertThatThrownBy(() -> new Trainer(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
    }

    @Test
    void aFailingPartIsRethrownToTheCallerAfterAllParts() {
        try (Team team = new Team(2, "test-team")) {
            int[] ran = new int[2];
            assertThatThrownBy(() -> team.run(2, part -> {
                ran[part]++;
                if (part == 1) {
                    throw new IllegalStateException("part 1 failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("part 1 failed");
            // the team still works after a failure, and a part always runs on its own thread
            String[] names = new String[2];
            team.run(2, part -> names[part] = Thread.currentThread().getName());
            assertThat(ran).containsExactly(1, 1);
            assertThat(names[0]).isEqualTo(Thread.currentThread().getName());
            assertThat(names[1]).isEqualTo("test-team-1");
        }
    }

    private static void assertClose(NetworkParameters a, NetworkParameters b, double tolerance, String what) {
        for (int l = 0; l < a.weights().size(); l++) {
            double[][] wa = a.weights().get(l);
            double[][] wb = b.weights().get(l);
            for (int i = 0; i < wa.length; i++) {
                for (int j = 0; j < wa[i].length; j++) {
                    assertThat(wb[i][j]).as("%s: w[%d][%d][%d]", what, l, i, j).isCloseTo(wa[i][j], within(tolerance));
                }
            }
            for (int j = 0; j < a.biases().get(l).length; j++) {
                assertThat(b.biases().get(l)[j]).as("%s: b[%d][%d]", what, l, j)
                        .isCloseTo(a.biases().get(l)[j], within(tolerance));
            }
        }
    }

    /** Gaussian clusters around random class centres. */
    static TrainingData synthetic(int rows, int features, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = rng.nextDouble() * 2 - 1;
            }
        }
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[r * features + j] = centres[y[r]][j] + (rng.nextDouble() - 0.5) * 3;
            }
        }
        return TrainingData.of(x, y, IntStream.range(0, features).mapToObj(j -> "f" + j).toList(),
                IntStream.range(0, classes).mapToObj(c -> "c" + c).toList());
    }
}
