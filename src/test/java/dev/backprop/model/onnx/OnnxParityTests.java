package dev.backprop.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.backprop.engine.Activation;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.engine.Normalization;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainingListener;

/**
 * The exported ONNX model (both input layouts), run in onnxruntime, against the engine's own predictions
 * ({@code NetworkModel.predictBatch}, as {@code /predict} reports them) on a few hundred rows:
 * every hidden activation × output activation × normalisation × depth 0–3 × with and without
 * bias, plus networks the trainer produced (the case-study preset among them). The largest
 * difference per configuration is printed at the end.
 */
class OnnxParityTests {

    /** The contract: agreement to 1e-6 in double. In practice the differences are rounding, ~1e-16. */
    static final double TOLERANCE = 1e-6;
    private static final int ROWS = 300;
    private static final Map<String, Double> FIGURES = new TreeMap<>();

    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
            for (Activation output : List.of(Activation.SIGMOID, Activation.SOFTMAX)) {
                for (Normalization normalization : Normalization.values()) {
                    for (int depth = 0; depth <= 3; depth++) {
                        for (boolean bias : new boolean[] {true, false}) {
                            cases.add(Arguments.of(hidden, output, normalization, depth, bias));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "hidden {0}, output {1}, {2}, {3} hidden layers, bias {4}")
    @MethodSource("configurations")
    void matchesTheEngineOnRandomNetworks(Activation hidden, Activation output, Normalization normalization,
                                          int depth, boolean bias) throws Exception {
        long seed = 31L * hidden.ordinal() + 7L * output.ordinal() + 101L * normalization.ordinal() + depth * 2 + (bias ? 1 : 0);
        NetworkParameters parameters = randomNetwork(new SplittableRandom(seed), hidden, output, normalization, depth, bias);
        double delta = compare(parameters, rows(new SplittableRandom(~seed), parameters.layerSizes()[0]));
        FIGURES.put(String.format("random  %-7s %-7s %-7s depth %d %s", hidden.id(), output.id(), normalization.id(),
                depth, bias ? "bias   " : "no bias"), delta);
    }

    @Test
    void matchesTheCaseStudyPreset() throws Exception {
        // 4-5-3, sigmoid everywhere, no bias, l2-row, trained as the original case study (100 000 epochs)
        TrainingData iris = IrisData.load();
        NetworkModel model = new Trainer().train(TrainingConfig.caseStudy(7), iris, TrainingListener.NONE).model();
        NetworkParameters parameters = model.parameters();
        assertThat(parameters.layerSizes()).containsExactly(4, 5, 3);
        assertThat(parameters.bias()).isFalse();
        assertThat(parameters.normalization()).isEqualTo(Normalization.L2_ROW);
        double[] rows = concat(IrisData.matrix(iris), rows(new SplittableRandom(3), 4));
        FIGURES.put("trained case-study preset (4-5-3 sigmoid, no bias, l2-row)", compare(parameters, rows));
    }

    @Test
    void matchesTheDefaultTrainingConfiguration() throws Exception {
        TrainingData iris = IrisData.load();
        TrainingConfig config = TrainingConfig.defaults(11).toBuilder().epochs(200).build();
        NetworkParameters parameters = new Trainer().train(config, iris, TrainingListener.NONE).model().parameters();
        FIGURES.put("trained defaults (" + java.util.Arrays.toString(parameters.layerSizes()) + " "
                + parameters.hiddenActivation().id() + "/" + parameters.outputActivation().id() + ", "
                + parameters.normalization().id() + ")", compare(parameters, concat(IrisData.matrix(iris), rows(new SplittableRandom(5), 4))));
    }

    @Test
    void aRowWhoseSigmoidOutputsAllUnderflowIsUniform() throws Exception {
        // z = x·W + b with b = −1000: every sigmoid is exactly 0 unless x pushes a class up
        double[][] w = {{0, 0, 800}, {0, 0, 0}};
        NetworkParameters parameters = new NetworkParameters(new int[] {2, 3}, Activation.SIGMOID, Activation.SIGMOID,
                true, List.<double[][]>of(w), List.of(new double[] {-1000, -1000, -1000}),
                numericInputs(Normalization.NONE, List.of("a", "b"), null, null), dev.backprop.engine.Task.CLASSIFICATION,
                List.of("x", "y", "z"), 0, 1);
        double[] rows = {0, 0, 1, 0, 1.25, 3};
        NetworkModel model = NetworkModel.of(parameters);
        assertThat(model.predictBatch(rows, 3)).startsWith(0, 0, 0);
        compare(parameters, rows);
        try (OnnxRuntime runtime = new OnnxRuntime(OnnxExporter.export(parameters,
                new OnnxExporter.ModelInfo("underflow", 1, Map.of(), "test")))) {
            OnnxRuntime.Outputs outputs = runtime.run(rows, 3, 2);
            assertThat(outputs.probabilities()[0]).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
            assertThat(outputs.label()[0]).isEqualTo("x");
            assertThat(outputs.label()[2]).isEqualTo("z");
        }
    }

    @AfterAll
    static void printFigures() {
        System.out.println("ONNX parity, max |Δ| over label, probabilities and scores (onnxruntime vs NetworkModel):");
        FIGURES.forEach((config, delta) -> System.out.printf("  %-62s %.3e%n", config, delta));
        System.out.printf("  largest of all %d configurations: %.3e%n", FIGURES.size(),
                FIGURES.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    /**
     * Runs the engine and both ONNX input layouts and returns max |Δ| over probabilities and
     * scores; labels must be identical.
     */
    static double compare(NetworkParameters parameters, double[] rows) throws Exception {
        NetworkModel model = NetworkModel.of(parameters);
        int features = model.featureCount();
        int count = rows.length / features;
        double[] raw = model.predictBatch(rows, count);
        OnnxExporter.ModelInfo info = new OnnxExporter.ModelInfo("parity", 1, Map.of(), "test");
        double delta = 0;
        try (OnnxRuntime tensor = new OnnxRuntime(OnnxExporter.export(parameters, info));
             OnnxRuntime columns = new OnnxRuntime(OnnxExporter.export(parameters, info,
                     OnnxExporter.InputLayout.COLUMNS))) {
            delta = Math.max(delta, delta(parameters, model, raw, tensor.run(rows, count, features)));
            delta = Math.max(delta, delta(parameters, model, raw, columns.runColumns(rows, count, model.featureNames())));
        }
        assertThat(delta).as("max |Δ|").isLessThanOrEqualTo(TOLERANCE);
        return delta;
    }

    /**
     * The service's figures are {@code NetworkModel.probabilities} of the raw outputs (sigmoid: each
     * row's share of its sum, uniform where every output underflowed to 0), the raw outputs as
     * scores, and the first class of highest probability as the label.
     */
    private static double delta(NetworkParameters parameters, NetworkModel model, double[] raw,
                                OnnxRuntime.Outputs outputs) {
        int classes = model.classCount();
        int count = raw.length / classes;
        double[] probabilities = model.probabilities(raw, count);
        boolean sigmoid = parameters.outputActivation() == Activation.SIGMOID;
        assertThat(outputs.scores() != null).as("scores only for sigmoid outputs").isEqualTo(sigmoid);
        double delta = 0;
        for (int r = 0; r < count; r++) {
            int best = 0;
            for (int c = 0; c < classes; c++) {
                best = probabilities[r * classes + c] > probabilities[r * classes + best] ? c : best;
                delta = Math.max(delta, Math.abs(outputs.probabilities()[r][c] - probabilities[r * classes + c]));
                if (sigmoid) {
                    delta = Math.max(delta, Math.abs(outputs.scores()[r][c] - raw[r * classes + c]));
                }
            }
            assertThat(outputs.label()[r]).as("label of row %d", r).isEqualTo(model.classNames().get(best));
        }
        // NaN in either would pass every comparison above unseen
        assertThat(delta).as("max |Δ|").isNotNaN();
        return delta;
    }

    /**
     * A network with weights in [-2, 2) (large enough to saturate sigmoid and tanh on some rows)
     * and a fitted-looking normaliser; 5 features, hidden widths 3–8, 2–4 classes.
     */
    static NetworkParameters randomNetwork(SplittableRandom rng, Activation hidden, Activation output,
                                           Normalization normalization, int depth, boolean bias) {
        int features = 5;
        int classes = 2 + rng.nextInt(3);
        int[] sizes = new int[depth + 2];
        sizes[0] = features;
        for (int l = 1; l <= depth; l++) {
            sizes[l] = 3 + rng.nextInt(6);
        }
        sizes[depth + 1] = classes;
        List<double[][]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            double[][] w = new double[sizes[l]][sizes[l + 1]];
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextDouble(-2, 2);
                }
            }
            weights.add(w);
            if (bias) {
                biases.add(rng.doubles(sizes[l + 1], -1, 1).toArray());
            }
        }
        double[] shift = rng.doubles(features, -1, 1).toArray();
        double[] scale = rng.doubles(features, 0.2, 3).toArray();
        List<String> featureNames = List.of("f0", "f1", "f2", "f3", "f4");
        List<String> classNames = List.of("alpha", "beta", "gamma", "delta").subList(0, classes);
        return new NetworkParameters(sizes, hidden, output, bias, weights, biases,
                numericInputs(normalization, featureNames, shift, scale), dev.backprop.engine.Task.CLASSIFICATION,
                classNames, 0, 1);
    }

    /** Numeric inputs without missing values, scaled as {@code normalization} with these parameters. */
    static dev.backprop.engine.InputEncoder numericInputs(Normalization normalization, List<String> names, double[] shift,
                                                          double[] scale) {
        boolean scaled = normalization == Normalization.Z_SCORE || normalization == Normalization.MIN_MAX;
        List<dev.backprop.engine.InputEncoder.Input> inputs = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            inputs.add(new dev.backprop.engine.InputEncoder.NumericInput(names.get(j), 0, false,
                    scaled ? shift[j] : 0, scaled ? scale[j] : 1, 0, 0));
        }
        return dev.backprop.engine.InputEncoder.of(normalization, inputs);
    }

    /** {@value #ROWS} rows: mostly in [-4, 4), plus an all-zero row (l2-row must keep it zero), far-out and tiny values. */
    static double[] rows(SplittableRandom rng, int features) {
        double[] x = new double[ROWS * features];
        for (int i = features; i < x.length; i++) {
            x[i] = rng.nextDouble(-4, 4);
        }
        for (int j = 0; j < features; j++) {
            x[features + j] = 1e3 * (j % 2 == 0 ? 1 : -1);
            // squares still representable (subnormal) in one row, underflowing to an all-zero sum in the next
            x[2 * features + j] = 1e-160;
            x[3 * features + j] = 1e-170;
        }
        return x;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
