package dev.backprop.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures candidate default configs on a suite of small tabular classification problems of
 * different character (README "Why these defaults"). Prints figures, asserts nothing. Run with
 * {@code ./mvnw -B -ntp -o test -Dtest=DefaultsBenchmark -Dtest.excludedGroups=none}.
 *
 * <p>Every dataset is generated here from a fixed seed (Iris is the shipped file), so the figures
 * are reproducible. Each candidate trains on each dataset with seeds 1..N ({@code -Dbenchmark.seeds},
 * default 10); the seed changes the stratified split, the initial weights and the shuffling. The
 * score is the test accuracy on the 20% hold-out (the default {@code testFraction}); time is the
 * CPU time of the training thread, which the other load on a shared machine disturbs less than
 * wall time. Optional {@code -Dbenchmark.only=name;name} restricts the candidates;
 * {@code -Dbenchmark.seedBase=B} (default 0) draws fresh data and fresh runs (data seeds + B, run
 * seeds B+1..B+N), to confirm a choice on seeds it was not picked on.
 */
@Tag("benchmark")
class DefaultsBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * One benchmark problem. {@code ruleAccuracy}: share of all rows that the rule which generated
     * the data (Bayes-optimal, knowing the true centres/weights) classifies right, a ceiling for
     * the test accuracy; NaN where there is no simple closed form.
     */
    record Problem(String name, String character, TrainingData data, double ruleAccuracy) {
        double majorityShare() {
            int[] counts = new int[data.classNames().size()];
            for (int label : Fixtures.labels(data)) {
                counts[label]++;
            }
            return (double) Arrays.stream(counts).max().orElse(0) / data.rows();
        }
    }

    /** One config to measure, as a function of the seed. */
    record Candidate(String name, LongFunction<TrainingConfig> config) {
    }

    /** Results of one candidate on one problem, over the seeds. */
    record Cell(double[] accuracy, double[] balanced, double[] cpuMillis, double[] epochs, int failures) {
        double median() {
            return DefaultsBenchmark.median(accuracy);
        }

        double worst() {
            return Arrays.stream(accuracy).min().orElse(Double.NaN);
        }

        double meanMillis() {
            return Arrays.stream(cpuMillis).average().orElse(Double.NaN);
        }

        double meanEpochs() {
            return Arrays.stream(epochs).average().orElse(Double.NaN);
        }

        double medianBalanced() {
            return DefaultsBenchmark.median(balanced);
        }
    }

    /**
     * The defaults before this benchmark existed, spelled out so that the line stays comparable
     * when {@link TrainingConfig#defaults(long)} changes.
     */
    static TrainingConfig previousDefaults(long seed) {
        return TrainingConfig.defaults(seed).toBuilder()
                .hiddenLayers(List.of(32)).activation(Activation.RELU).outputActivation(Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).reduction(Reduction.MEAN).optimizer(OptimizerType.ADAM)
                .learningRate(0.01).epochs(500).batchSize(32).l2(1e-4).weightInit(WeightInit.HE).bias(true)
                .normalization(Normalization.Z_SCORE).testFraction(0.2).validationFraction(0.1)
                .earlyStopping(new EarlyStopping(30, 1e-4, true)).build();
    }

    /**
     * The live {@code defaults()}, the defaults before this benchmark ("previous", fixed), and
     * single changes to the live defaults: the neighbourhood a default should be the best of.
     */
    static List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>();
        all.add(new Candidate("defaults()", TrainingConfig::defaults));
        all.add(new Candidate("previous", DefaultsBenchmark::previousDefaults));
        all.add(variant("relu+he", b -> b.activation(Activation.RELU).weightInit(WeightInit.HE)));
        all.add(variant("tanh+he", b -> b.activation(Activation.TANH).weightInit(WeightInit.HE)));
        all.add(variant("relu+xavier", b -> b.activation(Activation.RELU).weightInit(WeightInit.XAVIER)));
        all.add(variant("sigmoid+xavier", b -> b.activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER)));
        all.add(variant("hidden [16]", b -> b.hiddenLayers(List.of(16))));
        all.add(variant("hidden [64]", b -> b.hiddenLayers(List.of(64))));
        all.add(variant("hidden [64,32]", b -> b.hiddenLayers(List.of(64, 32))));
        all.add(variant("lr 0.003", b -> b.learningRate(0.003)));
        all.add(variant("lr 0.03", b -> b.learningRate(0.03)));
        all.add(variant("batch 16", b -> b.batchSize(16)));
        all.add(variant("batch 64", b -> b.batchSize(64)));
        all.add(variant("no early stop", b -> b.earlyStopping(null).validationFraction(0)));
        all.add(variant("patience 15", b -> b.earlyStopping(new EarlyStopping(15, 1e-4, true))));
        all.add(variant("patience 60", b -> b.earlyStopping(new EarlyStopping(60, 1e-4, true))));
        all.add(variant("validation 0.2", b -> b.validationFraction(0.2)));
        all.add(variant("l2 0", b -> b.l2(0)));
        all.add(variant("l2 1e-4", b -> b.l2(1e-4)));  // the default until docs/quality.md
        all.add(variant("l2 1e-3", b -> b.l2(1e-3)));
        all.add(variant("l2 1e-2", b -> b.l2(1e-2)));
        // docs/quality.md: the candidates that came closest to scikit-learn on the mixed-type datasets
        all.add(variant("lr.003 l2 1e-3", b -> b.learningRate(0.003).l2(1e-3)));
        all.add(variant("lr.001 l2 1e-3", b -> b.learningRate(0.001).l2(1e-3)));
        all.add(variant("min-max", b -> b.normalization(Normalization.MIN_MAX)));
        // a reference rather than a candidate: multinomial logistic regression
        all.add(variant("linear (no hid)", b -> b.hiddenLayers(List.of())));
        String only = System.getProperty("benchmark.only", "").trim();
        if (only.isEmpty()) {
            return all;
        }
        List<String> wanted = Arrays.stream(only.split(";")).map(String::trim).toList();
        return all.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    private static Candidate variant(String name, java.util.function.UnaryOperator<TrainingConfig.Builder> change) {
        return new Candidate(name, seed -> change.apply(TrainingConfig.defaults(seed).toBuilder()).build());
    }

    static List<Problem> problems(long b) {
        return List.of(
                new Problem("iris", "the shipped Iris, 150×4, 3 classes", Fixtures.iris(), Double.NaN),
                blobs("blobs", 600, 6, 4, 1.3, 11 + b),
                moons("moons", 400, 0.25, 12 + b),
                circles("circles", 400, 0.5, 0.1, 13 + b),
                scaledLinear("linear", 800, 14 + b),
                imbalanced("imbalanced", 1000, 0.08, 15 + b),
                parity("parity", 800, 16 + b),
                spiral("spiral", 600, 3, 17 + b),
                blobs("blobs-10", 1000, 10, 10, 1.1, 18 + b),
                wide("wide", 300, 50, 19 + b));
    }

    @Test
    void compareCandidateDefaults() {
        long seedBase = Long.getLong("benchmark.seedBase", 0L);
        List<Problem> problems = problems(seedBase);
        List<Candidate> candidates = candidates();
        int seeds = Integer.getInteger("benchmark.seeds", 10);
        Trainer trainer = new Trainer();
        long wallStart = System.nanoTime();

        print("defaults benchmark, %s, seeds %d..%d per cell, data seed base %d, %s, %d processors visible to the JVM",
                LocalDate.now(), seedBase + 1, seedBase + seeds, seedBase, System.getProperty("java.vm.name") + " " + Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        for (Problem p : problems) {
            print("dataset %-10s %4d rows × %2d features, %2d classes, majority class %.3f, generating rule %s — %s",
                    p.name(), p.data().rows(), p.data().featureCount(), p.data().classNames().size(), p.majorityShare(),
                    rule(p), p.character());
        }
        // warm-up, so that the JIT compiles the training loop before the first measured candidate
        for (Problem p : problems) {
            trainer.train(previousDefaults(99).toBuilder().epochs(20).build(), p.data(), TrainingListener.NONE);
        }

        Cell[][] cells = new Cell[candidates.size()][problems.size()];
        for (int c = 0; c < candidates.size(); c++) {
            for (int d = 0; d < problems.size(); d++) {
                cells[c][d] = measure(trainer, candidates.get(c), problems.get(d), seedBase, seeds);
            }
        }

        String nameHeader = String.format(Locale.ROOT, "%-15s", "candidate");
        String dataHeader = problems.stream().map(p -> String.format(Locale.ROOT, " %10s", p.name()))
                .reduce("", String::concat);

        print("");
        int previous = indexOf(candidates, "previous");
        int defaults = indexOf(candidates, "defaults()");
        print("median test accuracy over the seeds, per dataset; overall: mean of the medians, worst single run, "
                + "median balanced accuracy averaged, mean CPU ms per training run, mean epochs run, and the mean "
                + "paired difference in accuracy to 'previous' and to 'defaults()' over all dataset×seed runs "
                + "± 1.96 standard errors");
        print("%s%s %8s %8s %8s %8s %7s %16s %16s %s", nameHeader, dataHeader, "mean", "worst", "bal.acc", "ms/run",
                "epochs", "Δ vs previous", "Δ vs defaults()", "failures");
        for (int c = 0; c < candidates.size(); c++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s", candidates.get(c).name()));
            for (Cell cell : cells[c]) {
                line.append(String.format(Locale.ROOT, " %10.3f", cell.median()));
            }
            Cell[] row = cells[c];
            line.append(String.format(Locale.ROOT, " %8.4f %8.3f %8.4f %8.1f %7.0f %16s %16s %d",
                    Arrays.stream(row).mapToDouble(Cell::median).average().orElse(Double.NaN),
                    Arrays.stream(row).mapToDouble(Cell::worst).min().orElse(Double.NaN),
                    Arrays.stream(row).mapToDouble(Cell::medianBalanced).average().orElse(Double.NaN),
                    Arrays.stream(row).mapToDouble(Cell::meanMillis).average().orElse(Double.NaN),
                    Arrays.stream(row).mapToDouble(Cell::meanEpochs).average().orElse(Double.NaN),
                    previous < 0 ? "-" : pairedDifference(cells[c], cells[previous]),
                    defaults < 0 ? "-" : pairedDifference(cells[c], cells[defaults]),
                    Arrays.stream(row).mapToInt(Cell::failures).sum()));
            print("%s", line);
        }

        print("");
        print("worst test accuracy over the seeds, per dataset");
        print("%s%s", nameHeader, dataHeader);
        for (int c = 0; c < candidates.size(); c++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s", candidates.get(c).name()));
            for (Cell cell : cells[c]) {
                line.append(String.format(Locale.ROOT, " %10.3f", cell.worst()));
            }
            print("%s", line);
        }

        print("");
        print("mean CPU ms per training run, per dataset");
        print("%s%s", nameHeader, dataHeader);
        for (int c = 0; c < candidates.size(); c++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s", candidates.get(c).name()));
            for (Cell cell : cells[c]) {
                line.append(String.format(Locale.ROOT, " %10.1f", cell.meanMillis()));
            }
            print("%s", line);
        }

        print("");
        print("reference per dataset: the best candidate by median (ties: by worst), defaults() and the gap; the "
                + "accuracy of the rule that generated the data (a ceiling) and of always answering the majority class");
        for (int d = 0; d < problems.size(); d++) {
            int best = 0;
            for (int c = 1; c < candidates.size(); c++) {
                Cell a = cells[c][d];
                Cell b = cells[best][d];
                if (a.median() > b.median() || (a.median() == b.median() && a.worst() > b.worst())) {
                    best = c;
                }
            }
            Cell top = cells[best][d];
            if (defaults >= 0) {
                Cell def = cells[defaults][d];
                print("%-10s best %-15s median %.3f worst %.3f | defaults() median %.3f worst %.3f | gap %.3f"
                                + " | generating rule %s | majority class %.3f",
                        problems.get(d).name(), candidates.get(best).name(), top.median(), top.worst(),
                        def.median(), def.worst(), top.median() - def.median(), rule(problems.get(d)),
                        problems.get(d).majorityShare());
            } else {
                print("%-10s best %-15s median %.3f worst %.3f | majority class %.3f", problems.get(d).name(),
                        candidates.get(best).name(), top.median(), top.worst(), problems.get(d).majorityShare());
            }
        }
        print("total wall time %.1f s", (System.nanoTime() - wallStart) / 1e9);
    }

    /** Mean of (candidate − base) accuracy over all matching dataset×seed runs, ± 1.96 standard errors. */
    private static String pairedDifference(Cell[] candidate, Cell[] base) {
        List<Double> diffs = new ArrayList<>();
        for (int d = 0; d < candidate.length; d++) {
            for (int s = 0; s < candidate[d].accuracy().length; s++) {
                diffs.add(candidate[d].accuracy()[s] - base[d].accuracy()[s]);
            }
        }
        double mean = diffs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = diffs.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, diffs.size() - 1);
        return String.format(Locale.ROOT, "%+.4f±%.4f", mean, 1.96 * Math.sqrt(var / diffs.size()));
    }

    private static String rule(Problem p) {
        return Double.isNaN(p.ruleAccuracy()) ? "n/a" : String.format(Locale.ROOT, "%.3f", p.ruleAccuracy());
    }

    private static int indexOf(List<Candidate> candidates, String name) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Cell measure(Trainer trainer, Candidate candidate, Problem problem, long seedBase, int seeds) {
        double[] accuracy = new double[seeds];
        double[] balanced = new double[seeds];
        double[] millis = new double[seeds];
        double[] epochs = new double[seeds];
        int failures = 0;
        for (int s = 0; s < seeds; s++) {
            TrainingConfig config = candidate.config().apply(seedBase + s + 1);
            long start = THREADS.getCurrentThreadCpuTime();
            try {
                TrainingResult result = trainer.train(config, problem.data(), TrainingListener.NONE);
                accuracy[s] = result.test().accuracy();
                balanced[s] = result.test().perClass().stream().mapToDouble(ClassMetrics::recall).average()
                        .orElse(Double.NaN);
                epochs[s] = result.epochsRun();
            } catch (TrainingDivergedException e) {
                failures++;
                accuracy[s] = problem.majorityShare();
                balanced[s] = 1.0 / problem.data().classNames().size();
                epochs[s] = config.epochs();
            }
            millis[s] = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
        }
        return new Cell(accuracy, balanced, millis, epochs, failures);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---- generators: each from its own fixed seed ----

    /** Gaussian clusters with unit spread around centres drawn with σ = {@code spread}: they overlap. */
    static Problem blobs(String name, int rows, int features, int classes, double spread, long seed) {
        Random rng = new Random(seed);
        double[][] centres = new double[classes][features];
        for (double[] centre : centres) {
            for (int j = 0; j < features; j++) {
                centre[j] = rng.nextGaussian() * spread;
            }
        }
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % classes;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = centres[y[r]][j] + rng.nextGaussian();
            }
        }
        return problem(name, String.format(Locale.ROOT, "overlapping Gaussian blobs, centres σ %.1f, unit spread",
                spread), x, y, features, classes, nearestCentreAccuracy(x, y, features, centres));
    }

    /** Two interleaved half circles with Gaussian noise (scikit-learn's make_moons). */
    static Problem moons(String name, int rows, double noise, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[rows * 2];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % 2;
            double t = Math.PI * rng.nextDouble();
            double a = y[r] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = y[r] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[r * 2] = a + noise * rng.nextGaussian();
            x[r * 2 + 1] = b + noise * rng.nextGaussian();
        }
        return problem(name, "two moons, noise " + noise + " (non-linear)", x, y, 2, 2);
    }

    /** A ring inside a ring (scikit-learn's make_circles). */
    static Problem circles(String name, int rows, double factor, double noise, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[rows * 2];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % 2;
            double t = 2 * Math.PI * rng.nextDouble();
            double radius = y[r] == 0 ? 1 : factor;
            x[r * 2] = radius * Math.cos(t) + noise * rng.nextGaussian();
            x[r * 2 + 1] = radius * Math.sin(t) + noise * rng.nextGaussian();
        }
        return problem(name, "concentric circles, factor " + factor + ", noise " + noise + " (non-linear)",
                x, y, 2, 2);
    }

    /**
     * A noisy linear rule on 3 of 10 features; the columns have wildly different scales and
     * offsets (×1000, ×0.001, +500, …), 7 are irrelevant, and 5% of the labels are flipped.
     */
    static Problem scaledLinear(String name, int rows, long seed) {
        Random rng = new Random(seed);
        int features = 10;
        double[] scale = {1000, 0.001, 1, 1, 100, 0.01, 1, 10, 1, 5000};
        double[] offset = {0, 5, 500, 0, -300, 0, 1, 0, 0, 20000};
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        int ruleRight = 0;
        for (int r = 0; r < rows; r++) {
            double[] z = new double[features];
            for (int j = 0; j < features; j++) {
                z[j] = rng.nextGaussian();
            }
            double score = z[0] + 0.7 * z[1] - 0.5 * z[2] + 0.4 * rng.nextGaussian();
            y[r] = score > 0 ? 1 : 0;
            if (rng.nextDouble() < 0.05) {
                y[r] = 1 - y[r];
            }
            ruleRight += (z[0] + 0.7 * z[1] - 0.5 * z[2] > 0 ? 1 : 0) == y[r] ? 1 : 0;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = z[j] * scale[j] + offset[j];
            }
        }
        return problem(name, "noisy linear rule on 3 features, 7 irrelevant, scales 0.001..5000, 5% flipped labels",
                x, y, features, 2, (double) ruleRight / rows);
    }

    /** Binary, {@code positiveShare} of the rows positive; positives are shifted in 4 of 8 features. */
    static Problem imbalanced(String name, int rows, double positiveShare, long seed) {
        Random rng = new Random(seed);
        int features = 8;
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        int positives = (int) Math.round(rows * positiveShare);
        int ruleRight = 0;
        for (int r = 0; r < rows; r++) {
            y[r] = r < positives ? 1 : 0;
            double logOdds = Math.log(positiveShare / (1 - positiveShare)) - 4 * 1.2 * 1.2 / 2;
            for (int j = 0; j < features; j++) {
                double shift = y[r] == 1 && j < 4 ? 1.2 : 0;
                x[r * features + j] = rng.nextGaussian() + shift;
                logOdds += j < 4 ? 1.2 * x[r * features + j] : 0;
            }
            ruleRight += (logOdds > 0 ? 1 : 0) == y[r] ? 1 : 0;
        }
        return problem(name, String.format(Locale.ROOT, "imbalanced binary, %.0f%% positives shifted in 4 of 8 features",
                positiveShare * 100), x, y, features, 2, (double) ruleRight / rows);
    }

    /** 3-bit parity of the signs of three Gaussian features, plus two noise features (XOR in 3-D). */
    static Problem parity(String name, int rows, long seed) {
        Random rng = new Random(seed);
        int features = 5;
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            int bits = 0;
            for (int j = 0; j < features; j++) {
                double v = rng.nextGaussian();
                x[r * features + j] = v;
                if (j < 3 && v > 0) {
                    bits++;
                }
            }
            y[r] = bits % 2;
        }
        return problem(name, "3-bit parity (XOR) of feature signs, 2 noise features", x, y, features, 2, 1.0);
    }

    /** Interleaved spiral arms in the plane (the CS231n toy problem). */
    static Problem spiral(String name, int rows, int classes, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[rows * 2];
        int[] y = new int[rows];
        int perClass = rows / classes;
        for (int r = 0; r < rows; r++) {
            int c = Math.min(r / perClass, classes - 1);
            double u = (double) (r % perClass) / perClass;
            double theta = c * 4.0 + u * 4.0 + rng.nextGaussian() * 0.2;
            x[r * 2] = u * Math.sin(theta);
            x[r * 2 + 1] = u * Math.cos(theta);
            y[r] = c;
        }
        return problem(name, classes + "-arm spiral (non-linear)", x, y, 2, classes);
    }

    /** Few rows, many columns: 3 classes that differ in 5 of 50 features, the rest noise. */
    static Problem wide(String name, int rows, int features, long seed) {
        Random rng = new Random(seed);
        int classes = 3;
        double[][] centres = new double[classes][5];
        for (double[] centre : centres) {
            for (int j = 0; j < 5; j++) {
                centre[j] = rng.nextGaussian() * 0.9;
            }
        }
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % classes;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (j < 5 ? centres[y[r]][j] : 0) + rng.nextGaussian();
            }
        }
        return problem(name, "wide: " + features + " features, 5 informative, " + rows + " rows", x, y, features,
                classes, nearestCentreAccuracy(x, y, features, centres));
    }

    private static Problem problem(String name, String character, double[] x, int[] y, int features, int classes) {
        return problem(name, character, x, y, features, classes, Double.NaN);
    }

    private static Problem problem(String name, String character, double[] x, int[] y, int features, int classes,
                                   double ruleAccuracy) {
        List<String> featureNames = IntStream.range(0, features).mapToObj(i -> "x" + i).toList();
        List<String> classNames = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return new Problem(name, character, TrainingData.of(x, y, featureNames, classNames), ruleAccuracy);
    }

    /** Share of rows whose label is the class of the nearest centre (Bayes-optimal for equal priors, unit σ). */
    private static double nearestCentreAccuracy(double[] x, int[] y, int features, double[][] centres) {
        int right = 0;
        for (int r = 0; r < y.length; r++) {
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double distance = 0;
                for (int j = 0; j < features; j++) {
                    double d = x[r * features + j] - (j < centres[c].length ? centres[c][j] : 0);
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            right += best == y[r] ? 1 : 0;
        }
        return (double) right / y.length;
    }

    private static void print(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
