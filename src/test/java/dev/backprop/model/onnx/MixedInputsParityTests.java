package dev.backprop.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.Columns;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.Task;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainingListener;

/**
 * The exported graph encodes inputs as the engine does — one-hot levels, an unseen level as all
 * zeros, missing numbers imputed with an indicator, a missing level as its own input — for a
 * classifier and a regression trained on the defaults, compared row by row in onnxruntime.
 */
class MixedInputsParityTests {

    private static final double TOLERANCE = 1e-9;
    private static final List<String> COLOURS = List.of("red", "green", "blue");

    /** age (numeric, 10 % missing), colour (3 levels, 10 % missing), size (numeric). */
    private static List<Column> columns(int rows, SplittableRandom rng) {
        double[] age = new double[rows];
        int[] colour = new int[rows];
        double[] size = new double[rows];
        for (int r = 0; r < rows; r++) {
            age[r] = rng.nextInt(10) == 0 ? Double.NaN : 20 + rng.nextDouble() * 50;
            colour[r] = rng.nextInt(10) == 0 ? CategoricalColumn.MISSING : rng.nextInt(3);
            size[r] = rng.nextGaussian() * 3 + 10;
        }
        return List.of(Columns.numeric("age", age), Columns.categorical("colour", COLOURS, colour),
                Columns.numeric("size", size));
    }

    private static double signal(List<Column> columns, int r) {
        double age = ((dev.backprop.engine.NumericColumn) columns.get(0)).value(r);
        int colour = ((CategoricalColumn) columns.get(1)).code(r);
        double size = ((dev.backprop.engine.NumericColumn) columns.get(2)).value(r);
        return (Double.isNaN(age) ? 0 : (age - 45) / 15) + (colour == 0 ? 1.5 : colour == 2 ? -1 : 0) + (size - 10) / 3;
    }

    @Test
    void aClassifierOnMixedColumnsMatchesTheEngine() throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        List<Column> columns = columns(600, rng);
        int[] labels = new int[600];
        for (int r = 0; r < 600; r++) {
            labels[r] = signal(columns, r) > 0 ? 1 : 0;
        }
        TrainingData data = new TrainingData(columns, new TrainingData.Classes(labels, List.of("no", "yes")));
        NetworkModel model = new Trainer(1).train(TrainingConfig.defaults(3), data, TrainingListener.NONE).model();
        assertThat(model.parameters().encoder().inputs().get(0)).isInstanceOfAny(InputEncoder.NumericInput.class);
        assertThat(((InputEncoder.NumericInput) model.parameters().encoder().inputs().get(0)).indicator()).isTrue();
        assertThat(((InputEncoder.CategoricalInput) model.parameters().encoder().inputs().get(1)).missingLevel()).isTrue();

        Probe probe = probe(model);
        try (OrtSession session = session(model)) {
            Map<String, OnnxTensor> inputs = probe.tensors();
            try (OrtSession.Result result = session.run(inputs)) {
                String[] label = (String[]) result.get(NetworkGraph.LABEL).orElseThrow().getValue();
                double[][] p = (double[][]) result.get(NetworkGraph.PROBABILITIES).orElseThrow().getValue();
                double[] expected = model.probabilities(model.predictBatch(probe.raw(), probe.rows()), probe.rows());
                for (int r = 0; r < probe.rows(); r++) {
                    int best = expected[r * 2 + 1] > expected[r * 2] ? 1 : 0;
                    assertThat(label[r]).as("label of row %d", r).isEqualTo(model.classNames().get(best));
                    for (int c = 0; c < 2; c++) {
                        assertThat(p[r][c]).as("p[%d][%d]", r, c)
                                .isCloseTo(expected[r * 2 + c], org.assertj.core.data.Offset.offset(TOLERANCE));
                    }
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void aRegressionOnMixedColumnsMatchesTheEngineInTheTargetsUnits() throws Exception {
        SplittableRandom rng = new SplittableRandom(9);
        List<Column> columns = columns(600, rng);
        double[] target = new double[600];
        for (int r = 0; r < 600; r++) {
            target[r] = 100 + 20 * signal(columns, r) + rng.nextGaussian();
        }
        TrainingData data = new TrainingData(columns, new TrainingData.Values(target));
        NetworkModel model = new Trainer(1).train(TrainingConfig.defaults(4).forTask(Task.REGRESSION), data,
                TrainingListener.NONE).model();
        assertThat(model.task()).isEqualTo(Task.REGRESSION);

        Probe probe = probe(model);
        try (OrtSession session = session(model)) {
            Map<String, OnnxTensor> inputs = probe.tensors();
            try (OrtSession.Result result = session.run(inputs)) {
                double[] value = (double[]) result.get(NetworkGraph.VALUE).orElseThrow().getValue();
                double[] expected = model.predictBatch(probe.raw(), probe.rows());
                assertThat(value).hasSize(probe.rows());
                for (int r = 0; r < probe.rows(); r++) {
                    assertThat(value[r]).as("value of row %d", r)
                            .isCloseTo(expected[r], org.assertj.core.data.Offset.offset(TOLERANCE * 100));
                }
                // the values are in the target's units, not standardised
                assertThat(expected[0]).isBetween(20.0, 200.0);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static OrtSession session(NetworkModel model) throws Exception {
        byte[] onnx = OnnxExporter.export(model.parameters(), new OnnxExporter.ModelInfo("mixed", 1, Map.of(), "test"));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(onnx, options);
        }
    }

    /**
     * Rows for both sides: every level, an unseen level ("purple"), a missing level, a missing
     * age, a value far outside training. {@code raw} is the engine's raw block (a level's index,
     * UNSEEN, NaN); the tensors are what an ONNX client sends (text, "" for missing, NaN).
     */
    private record Probe(double[] raw, int rows, double[] age, String[] colour, double[] size) {

        Map<String, OnnxTensor> tensors() throws Exception {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            inputs.put("age", OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(age), new long[] {rows, 1}));
            inputs.put("colour", OnnxTensor.createTensor(env, colour, new long[] {rows, 1}));
            inputs.put("size", OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(size), new long[] {rows, 1}));
            return inputs;
        }
    }

    private static Probe probe(NetworkModel model) {
        List<double[]> rows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        String[] colours = {"red", "green", "blue", "purple", ""};
        for (int i = 0; i < 40; i++) {
            double age = i % 7 == 0 ? Double.NaN : 20 + rng.nextDouble() * 50;
            String colour = colours[i % colours.length];
            double size = i == 13 ? 1e4 : rng.nextGaussian() * 3 + 10;
            double code = colour.isEmpty() ? Double.NaN : model.level(1, colour);
            rows.add(new double[] {age, code, size});
            texts.add(colour);
        }
        int n = rows.size();
        double[] raw = new double[n * 3];
        double[] age = new double[n];
        double[] size = new double[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows.get(r), 0, raw, r * 3, 3);
            age[r] = rows.get(r)[0];
            size[r] = rows.get(r)[2];
        }
        assertThat(model.level(1, "purple")).isEqualTo(InputEncoder.UNSEEN);
        return new Probe(raw, n, age, texts.toArray(String[]::new), size);
    }
}
