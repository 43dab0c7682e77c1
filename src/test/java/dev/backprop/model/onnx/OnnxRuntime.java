package dev.backprop.model.onnx;

import java.nio.DoubleBuffer;
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

    Outputs run(double[] rows, int count, int features) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(rows), new long[] {count, features});
             OrtSession.Result result = session.run(Map.of(DenseInput.NAME, input))) {
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
