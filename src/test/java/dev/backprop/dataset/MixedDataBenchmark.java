package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.backprop.engine.Activation;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.EarlyStopping;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NumericColumn;
import dev.backprop.engine.Task;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainingListener;
import dev.backprop.engine.TrainingResult;
import dev.backprop.engine.WeightInit;
import dev.backprop.tabular.MissingMarkers;

/**
 * Candidate defaults on the mixed-type datasets of {@code bench/quality_data.py} (docs/quality.md): each
 * candidate trains as the service does for a request of only {@code datasetId}, {@code testFraction 0.3}
 * and a seed ({@code defaultsFor(rows, features, classes)}, the task the label calls for, the upload's
 * typed columns), and is scored on the held-out {@code test.csv} — accuracy, or R² for a regression.
 * Prints figures, asserts nothing; skipped when the data has not been generated. Run with
 * <pre>
 * python3 bench/quality_data.py   # writes target/quality-data
 * ./mvnw -B -ntp -o test -Dtest=MixedDataBenchmark -Dtest.excludedGroups= [-Dbenchmark.seeds=3]
 *     [-Dbenchmark.only='defaultsFor;hidden [128]'] [-Dbenchmark.datasets=passengers;plans]
 * </pre>
 */
@Tag("benchmark")
class MixedDataBenchmark {

    static final Path DATA = Path.of(System.getProperty("benchmark.data", "target/quality-data"));
    static final Map<String, String> LABELS = new java.util.LinkedHashMap<>(Map.of());

    static {
        LABELS.put("passengers", "survived");
        LABELS.put("penguins", "species");
        LABELS.put("diamonds", "price");
        LABELS.put("cars", "mpg");
        LABELS.put("plans", "plan");
    }

    /** A default rule as a function of the seed and the data's shape, as ConfigResolver calls it. */
    interface Rule {
        TrainingConfig config(long seed, int rows, int features, int classes);
    }

    record Candidate(String name, Rule rule) {
    }

    static Candidate variant(String name, UnaryOperator<TrainingConfig.Builder> change) {
        return new Candidate(name, (s, r, f, c) -> change.apply(TrainingConfig.defaultsFor(s, r, f, c).toBuilder())
                .build());
    }

    static List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>();
        all.add(new Candidate("defaultsFor", TrainingConfig::defaultsFor));
        all.add(new Candidate("defaults", (s, r, f, c) -> TrainingConfig.defaults(s)));
        all.add(variant("hidden [64]", b -> b.hiddenLayers(List.of(64))));
        all.add(variant("hidden [128]", b -> b.hiddenLayers(List.of(128))));
        all.add(variant("hidden [64,32]", b -> b.hiddenLayers(List.of(64, 32))));
        all.add(variant("hidden [128,64]", b -> b.hiddenLayers(List.of(128, 64))));
        all.add(variant("hidden [200,200] relu", b -> b.hiddenLayers(List.of(200, 200)).activation(Activation.RELU)
                .weightInit(WeightInit.HE)));
        all.add(variant("relu+he", b -> b.activation(Activation.RELU).weightInit(WeightInit.HE)));
        all.add(variant("lr 0.003", b -> b.learningRate(0.003)));
        all.add(variant("lr 0.001", b -> b.learningRate(0.001)));
        all.add(variant("lr 0.03", b -> b.learningRate(0.03)));
        all.add(variant("batch 64", b -> b.batchSize(64)));
        all.add(variant("batch 128", b -> b.batchSize(128)));
        all.add(variant("patience 60", b -> b.earlyStopping(new EarlyStopping(60, 1e-4, true))));
        all.add(variant("l2 1e-4", b -> b.l2(1e-4)));  // the default until docs/quality.md
        all.add(variant("l2 1e-3", b -> b.l2(1e-3)));
        all.add(variant("l2 0", b -> b.l2(0)));
        all.add(variant("l2 1e-2", b -> b.l2(1e-2)));
        all.add(variant("linear (no hidden)", b -> b.hiddenLayers(List.of())));
        all.add(variant("lr 0.001 l2 1e-3", b -> b.learningRate(0.001).l2(1e-3)));
        all.add(variant("lr 0.003 l2 1e-3", b -> b.learningRate(0.003).l2(1e-3)));
        all.add(variant("validation 0.2", b -> b.validationFraction(0.2)));
        all.add(variant("lr 0.003 l2 1e-2", b -> b.learningRate(0.003).l2(1e-2)));
        all.add(variant("lr 0.003 l2 3e-3", b -> b.learningRate(0.003).l2(3e-3)));
        all.add(variant("l2 3e-3", b -> b.l2(3e-3)));
        all.add(variant("patience 15", b -> b.earlyStopping(new EarlyStopping(15, 1e-4, true))));
        all.add(variant("hidden [16]", b -> b.hiddenLayers(List.of(16))));
        String only = System.getProperty("benchmark.only", "").trim();
        if (only.isEmpty()) {
            return all;
        }
        List<String> wanted = Arrays.stream(only.split(";")).map(String::trim).toList();
        return all.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    @Test
    void candidatesOnMixedData() throws IOException {
        Assumptions.assumeTrue(Files.exists(DATA.resolve("plans/test.csv")),
                "no data: run python3 bench/quality_data.py first");
        int seeds = Integer.getInteger("benchmark.seeds", 3);
        List<String> datasets = Arrays.asList(System.getProperty("benchmark.datasets",
                String.join(";", LABELS.keySet())).split(";"));
        List<Candidate> candidates = candidates();
        CsvDatasetParser parser = new CsvDatasetParser(Long.MAX_VALUE, 10_000_000, 1000, 1000, MissingMarkers.DEFAULT);
        Trainer trainer = new Trainer(Math.min(2, Runtime.getRuntime().availableProcessors()));
        Map<String, double[]> medians = new HashMap<>();
        for (String name : datasets) {
            String label = LABELS.get(name);
            ParsedDataset train = parse(parser, DATA.resolve(name + "/train.csv"), label);
            ParsedDataset test = parse(parser, DATA.resolve(name + "/test.csv"), label);
            Task task = train.label().defaultTask();
            TrainingData data = task == Task.REGRESSION
                    ? new TrainingData(train.features(), new TrainingData.Values(train.label().values()))
                    : new TrainingData(train.features(), new TrainingData.Classes(codes(train.label().classes()),
                            train.label().classes().levels()));
            int classes = train.label().classNames().size();
            for (int c = 0; c < candidates.size(); c++) {
                Candidate candidate = candidates.get(c);
                double[] scores = new double[seeds];
                for (int s = 1; s <= seeds; s++) {
                    TrainingConfig config = candidate.rule().config(s, train.rows(), train.features().size(), classes)
                            .forTask(task).toBuilder().testFraction(0.3).seed(s).build();
                    long started = System.nanoTime();
                    TrainingResult result = trainer.train(config, data, TrainingListener.NONE);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    scores[s - 1] = score(result.model(), test, task);
                    print("%-10s %-22s seed %d: held-out %s %.4f (internal test %.4f), %d epochs (best %d), %.1f s,"
                                    + " hidden %s %s lr %s batch %d", name, candidate.name(), s,
                            task == Task.REGRESSION ? "R2" : "accuracy", scores[s - 1],
                            task == Task.REGRESSION ? result.test().r2() : result.test().accuracy(), result.epochsRun(),
                            result.bestEpoch(), seconds, config.hiddenLayers(), config.activation().id(),
                            config.learningRate(), config.batchSize());
                }
                medians.computeIfAbsent(candidate.name(), k -> new double[datasets.size()])[datasets.indexOf(name)] =
                        median(scores);
                print("%-10s %-22s median over %d seeds: %.4f  %s", name, candidate.name(), seeds, median(scores),
                        Arrays.toString(scores));
            }
        }
        print("");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "median held-out score"));
        datasets.forEach(d -> header.append(String.format(Locale.ROOT, " %10s", d)));
        print("%s", header);
        for (Candidate candidate : candidates) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", candidate.name()));
            for (double m : medians.get(candidate.name())) {
                line.append(String.format(Locale.ROOT, " %10.4f", m));
            }
            print("%s", line);
        }
    }

    static ParsedDataset parse(CsvDatasetParser parser, Path file, String label) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parser.parse(in, label, Map.of());
        }
    }

    static int[] codes(CategoricalColumn column) {
        int[] codes = new int[column.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = column.code(i);
        }
        return codes;
    }

    /**
     * Accuracy or R² of the model on the test rows: each test column by name, its categorical values mapped to the
     * model's training levels by text (unseen → {@link InputEncoder#UNSEEN}), missing → NaN.
     */
    static double score(NetworkModel model, ParsedDataset test, Task task) {
        Map<String, Column> byName = new HashMap<>();
        test.features().forEach(c -> byName.put(c.name(), c));
        List<InputEncoder.Input> inputs = model.encoder().inputs();
        int cols = inputs.size();
        int rows = test.rows();
        double[] raw = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            InputEncoder.Input input = inputs.get(j);
            Column column = byName.get(input.name());
            for (int r = 0; r < rows; r++) {
                double v;
                if (input instanceof InputEncoder.CategoricalInput ci) {
                    String text = column instanceof CategoricalColumn cc
                            ? (cc.code(r) == CategoricalColumn.MISSING ? null : cc.levels().get(cc.code(r)))
                            : numberText(((NumericColumn) column).value(r));
                    v = text == null ? Double.NaN : ci.levels().indexOf(text) >= 0 ? ci.levels().indexOf(text)
                            : InputEncoder.UNSEEN;
                } else {
                    v = ((NumericColumn) column).value(r);
                }
                raw[r * cols + j] = v;
            }
        }
        double[] out = model.predictBatch(raw, rows);
        if (task == Task.REGRESSION) {
            double[] y = test.label().values();
            double mean = Arrays.stream(y).average().orElse(0);
            double residual = 0;
            double total = 0;
            for (int r = 0; r < rows; r++) {
                residual += (y[r] - out[r]) * (y[r] - out[r]);
                total += (y[r] - mean) * (y[r] - mean);
            }
            return 1 - residual / total;
        }
        List<String> classNames = model.classNames();
        CategoricalColumn actual = test.label().classes();
        int k = classNames.size();
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (out[r * k + c] > out[r * k + best]) {
                    best = c;
                }
            }
            if (classNames.get(best).equals(actual.levels().get(actual.code(r)))) {
                right++;
            }
        }
        return (double) right / rows;
    }

    static String numberText(double v) {
        return Double.isNaN(v) ? null : v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
