package dev.backprop.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Candidate defaults on larger data (issue 15, "defaults that use the speed"), two generated problems
 * of 50 000 × 50 rows and 5 classes, 40 000 rows to train on, 10 000 held out: {@code teacher}, labelled
 * by a random 50-64-5 tanh network with 5 % of the labels flipped, and {@code clusters}, two Gaussian
 * clusters per class in a 20-dimensional informative subspace (as scikit-learn's make_classification),
 * the other 30 features noise, 3 % flipped. Prints the held-out accuracy and CPU time per candidate and
 * seed, asserts nothing. Also writes the rows to {@code target/bench/<problem>-train.csv} and
 * {@code -test.csv}, so that H2O's deep learning can be run on the very same rows (docs/benchmarks.md).
 * Run with {@code ./mvnw -B -ntp test -Dtest=DefaultsAtScaleBenchmark -Dtest.excludedGroups=none}
 * ({@code -Dbenchmark.seeds=N}, default 2; {@code -Dbenchmark.only=name;name}).
 */
@Tag("benchmark")
class DefaultsAtScaleBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int ROWS = 50_000;
    static final int TRAIN = 40_000;
    static final int FEATURES = 50;
    static final int CLASSES = 5;

    record Candidate(String name, LongFunction<TrainingConfig> config) {
    }

    @Test
    void candidatesOnGeneratedData() throws IOException {
        for (String problem : System.getProperty("benchmark.problems", "teacher;clusters").split(";")) {
            double[] x = new double[ROWS * FEATURES];
            int[] y = new int[ROWS];
            double ceiling = problem.equals("teacher") ? teacher(x, y, 2026) : clusters(x, y, 2027);
            writeCsv(Path.of("target/bench/" + problem + "-train.csv"), x, y, 0, TRAIN);
            writeCsv(Path.of("target/bench/" + problem + "-test.csv"), x, y, TRAIN, ROWS);
            print("%s: %d × %d, %d classes; the generating rule itself: %.4f on the held-out rows", problem, ROWS,
                    FEATURES, CLASSES, ceiling);
            measure(problem, x, y);
        }
    }

    private void measure(String problem, double[] x, int[] y) {
        TrainingData train = TrainingData.of(Arrays.copyOf(x, TRAIN * FEATURES), Arrays.copyOf(y, TRAIN),
                IntStream.range(0, FEATURES).mapToObj(j -> "f" + j).toList(),
                IntStream.range(0, CLASSES).mapToObj(c -> "c" + c).toList());
        List<Candidate> candidates = List.of(
                new Candidate("defaults", TrainingConfig::defaults),
                new Candidate("defaultsFor", s -> TrainingConfig.defaultsFor(s, TRAIN, FEATURES, CLASSES)),
                new Candidate("[128] tanh", s -> TrainingConfig.defaults(s).toBuilder().hiddenLayers(List.of(128)).build()),
                new Candidate("[32] tanh lr.003", s -> TrainingConfig.defaults(s).toBuilder().learningRate(0.003).build()),
                new Candidate("[128] tanh lr.003", s -> TrainingConfig.defaults(s).toBuilder().hiddenLayers(List.of(128))
                        .learningRate(0.003).build()),
                new Candidate("[256] tanh lr.003", s -> TrainingConfig.defaults(s).toBuilder().hiddenLayers(List.of(256))
                        .learningRate(0.003).build()),
                new Candidate("[256] tanh b64", s -> TrainingConfig.defaults(s).toBuilder().hiddenLayers(List.of(256))
                        .batchSize(64).build()),
                new Candidate("[128,128] tanh", s -> TrainingConfig.defaults(s).toBuilder()
                        .hiddenLayers(List.of(128, 128)).build()),
                new Candidate("[200,200] relu he", s -> TrainingConfig.defaults(s).toBuilder()
                        .hiddenLayers(List.of(200, 200)).activation(Activation.RELU).weightInit(WeightInit.HE).build()));
        String only = System.getProperty("benchmark.only", "");
        int seeds = Integer.getInteger("benchmark.seeds", 2);
        Trainer trainer = new Trainer(Math.min(2, Runtime.getRuntime().availableProcessors()));
        for (Candidate candidate : candidates) {
            if (!only.isEmpty() && !Arrays.asList(only.split(";")).contains(candidate.name())) {
                continue;
            }
            double[] accuracies = new double[seeds];
            for (long seed = 1; seed <= seeds; seed++) {
                // every training row is for training (and its early-stopping validation share): the held-out rows are the test
                TrainingConfig config = candidate.config().apply(seed).toBuilder().testFraction(0).build();
                long cpu = THREADS.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                TrainingResult result = trainer.train(config, train, TrainingListener.NONE);
                double seconds = (System.nanoTime() - wall) / 1e9;
                double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
                accuracies[(int) seed - 1] = accuracy(result.model(), x, y);
                print("%s %-20s seed %d: held-out accuracy %.4f, %d epochs (best %d), %.1f s wall, %.1f s CPU of the "
                                + "calling thread, hidden %s %s lr %s batch %d", problem, candidate.name(), seed,
                        accuracies[(int) seed - 1], result.epochsRun(), result.bestEpoch(), seconds, cpuSeconds,
                        config.hiddenLayers(), config.activation().id(), config.learningRate(), config.batchSize());
            }
            print("%s %-20s mean held-out accuracy over %d seeds: %.4f", problem, candidate.name(), seeds,
                    Arrays.stream(accuracies).average().orElse(Double.NaN));
        }
    }

    /**
     * make_classification's construction: per class two cluster centres at the vertices of a hypercube of
     * side 2 in the first 20 features (plus jitter), unit Gaussian points around them, 30 noise features,
     * 3 % of the labels flipped. Returns the share of held-out rows whose label is their cluster's class.
     */
    static double clusters(double[] x, int[] y, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int informative = 20;
        double[][] centres = new double[CLASSES * 2][informative];
        for (double[] c : centres) {
            for (int j = 0; j < informative; j++) {
                c[j] = (rng.nextBoolean() ? 1 : -1) + (rng.nextDouble() - 0.5) * 0.5;
            }
        }
        int agree = 0;
        for (int r = 0; r < ROWS; r++) {
            int cluster = rng.nextInt(centres.length);
            int label = cluster / 2;
            for (int j = 0; j < FEATURES; j++) {
                x[r * FEATURES + j] = (j < informative ? centres[cluster][j] : 0) + gaussian(rng);
            }
            y[r] = rng.nextDouble() < 0.03 ? rng.nextInt(CLASSES) : label;
            if (r >= TRAIN && y[r] == label) {
                agree++;
            }
        }
        return (double) agree / (ROWS - TRAIN);
    }

    /** Fills x with N(0, 1) features and y with the labels of a random 50-64-5 tanh network, 5 % flipped. */
    static double teacher(double[] x, int[] y, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int hidden = 64;
        double[] w1 = new double[FEATURES * hidden];
        double[] w2 = new double[hidden * CLASSES];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = gaussian(rng) * 1.5 / Math.sqrt(FEATURES);
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = gaussian(rng) / Math.sqrt(hidden);
        }
        double[] h = new double[hidden];
        int agree = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < FEATURES; j++) {
                x[r * FEATURES + j] = gaussian(rng);
            }
            for (int k = 0; k < hidden; k++) {
                double z = 0;
                for (int j = 0; j < FEATURES; j++) {
                    z += x[r * FEATURES + j] * w1[j * hidden + k];
                }
                h[k] = Math.tanh(z);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int k = 0; k < hidden; k++) {
                    s += h[k] * w2[k * CLASSES + c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[r] = rng.nextDouble() < 0.05 ? rng.nextInt(CLASSES) : best;
            if (r >= TRAIN && y[r] == best) {
                agree++;
            }
        }
        return (double) agree / (ROWS - TRAIN);
    }

    private static double accuracy(NetworkModel model, double[] x, int[] y) {
        double[] p = model.predictBatch(Arrays.copyOfRange(x, TRAIN * FEATURES, ROWS * FEATURES), ROWS - TRAIN);
        int right = 0;
        for (int r = 0; r < ROWS - TRAIN; r++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (p[r * CLASSES + c] > p[r * CLASSES + best]) {
                    best = c;
                }
            }
            right += best == y[TRAIN + r] ? 1 : 0;
        }
        return (double) right / (ROWS - TRAIN);
    }

    private static void writeCsv(Path path, double[] x, int[] y, int from, int to) throws IOException {
        Files.createDirectories(path.getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < FEATURES; j++) {
                header.append('f').append(j).append(',');
            }
            out.println(header.append("label"));
            for (int r = from; r < to; r++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < FEATURES; j++) {
                    line.append(x[r * FEATURES + j]).append(',');
                }
                out.println(line.append('c').append(y[r]));
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static void print(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
