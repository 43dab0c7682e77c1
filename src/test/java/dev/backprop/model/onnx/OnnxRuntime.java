package dev.backprop.model.onnx;

import java.nio.DoubleBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Runs an exported model in onnxruntime (Java API) on a dense block of rows. */
final class OnnxRuntime implements AutoCloseable {

    /** What the session computed, row by row; {@code scores} is null for softmax models. */
    record Outputs(String[] label, double[][] probabilities, double[][] scores) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OnnxRuntime(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the build shares two cores with other work; one thread keeps the figures unaffected
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        }
    }

    OrtSession session() {
        return session;
    }

    /** Feeds the rows as the one [count, features] tensor {@code input}. */
    Outputs run(double[] rows, int count, int features) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(rows), new long[] {count, features})) {
            return run(Map.of(DenseInput.NAME, input));
        }
    }

    /** Feeds the rows as one [count, 1] tensor per feature, named after it. */
    Outputs runColumns(double[] rows, int count, List<String> featureNames) throws OrtException {
        int features = featureNames.size();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (int j = 0; j < features; j++) {
                double[] column = new double[count];
                for (int r = 0; r < count; r++) {
                    column[r] = rows[r * features + j];
                }
                inputs.put(featureNames.get(j), OnnxTensor.createTensor(env, DoubleBuffer.wrap(column),
                        new long[] {count, 1}));
            }
            return run(inputs);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private Outputs run(Map<String, OnnxTensor> inputs) throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            String[] label = (String[]) result.get(NetworkGraph.LABEL).orElseThrow().getValue();
            double[][] probabilities = (double[][]) result.get(NetworkGraph.PROBABILITIES).orElseThrow().getValue();
            double[][] scores = result.get(NetworkGraph.SCORES).isPresent()
                    ? (double[][]) result.get(NetworkGraph.SCORES).get().getValue() : null;
            return new Outputs(label, probabilities, scores);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
