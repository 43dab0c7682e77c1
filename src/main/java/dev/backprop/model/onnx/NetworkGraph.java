package dev.backprop.model.onnx;

import java.util.List;

import dev.backprop.engine.Activation;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.engine.Task;
import dev.backprop.model.onnx.OnnxProto.AttributeProto;
import dev.backprop.model.onnx.OnnxProto.DataType;

/**
 * A trained network as ONNX nodes, operation for operation what the engine computes for a
 * prediction after the input encoding ({@link EncoderGraph}): every layer {@code A = f(A_prev·W + b)}
 * on rows (the exported W is already [fanIn][fanOut]), then the outputs the service reports:
 * {@code probabilities}, {@code scores} (sigmoid outputs only) and {@code label} for a classifier,
 * {@code value} for a regression.
 */
final class NetworkGraph {

    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String SCORES = "scores";
    static final String VALUE = "value";
    static final List<String> OUTPUTS = List.of(LABEL, PROBABILITIES, SCORES, VALUE);

    private NetworkGraph() {
    }

    /** Adds everything after the input encoding; {@code x} is the encoded [N, inputs] matrix. */
    static void build(OnnxGraph graph, String x, NetworkParameters network) {
        String a = x;
        int layers = network.layerSizes().length - 1;
        for (int l = 0; l < layers; l++) {
            a = layer(graph, a, network, l, l == layers - 1);
        }
        if (network.task() == Task.REGRESSION) {
            // value = z·std + mean: the network learnt the standardised target
            String value = graph.node("Add", "value_shifted", graph.node("Mul", "value_scaled", a,
                    graph.scalar("target_std", network.targetStd())), graph.scalar("target_mean", network.targetMean()));
            graph.output(graph.node("Squeeze", "value_column", value, graph.int64s("value_axis", 1)), VALUE,
                    DataType.DOUBLE, null, "the predicted value");
        } else {
            outputs(graph, a, network);
        }
    }

    /** Layer l (0-based): Z = A_prev·W + b, then the hidden activation; the output layer returns Z. */
    private static String layer(OnnxGraph g, String a, NetworkParameters network, int l, boolean last) {
        int n = l + 1;
        int fanIn = network.layerSizes()[l];
        int fanOut = network.layerSizes()[n];
        String w = g.doubles("W" + n, new long[] {fanIn, fanOut}, rowMajor(network.weights().get(l), fanOut));
        // Z = A_prev·W
        String z = g.node("MatMul", "z" + n, a, w);
        if (network.bias()) {
            // Z += b, broadcast over rows
            z = g.node("Add", "z" + n + "_biased", z, g.doubles("b" + n, new long[] {fanOut}, network.biases().get(l)));
        }
        if (last) {
            return z;
        }
        return switch (network.hiddenActivation()) {
            case SIGMOID -> sigmoid(g, z, "a" + n);
            case TANH -> g.node("Tanh", "a" + n, z);
            case RELU -> g.node("Relu", "a" + n, z);
            case SOFTMAX, LINEAR -> throw new IllegalArgumentException(network.hiddenActivation().id()
                    + " is an output activation only");
        };
    }

    /**
     * σ(z) = 1 / (1 + e^−z), spelt out as the engine computes it rather than as the Sigmoid
     * operator: onnxruntime's double Sigmoid takes 1 − 1/(1 + e^−|z|) for negative z, which loses
     * all relative precision there (it is exactly 0 below z ≈ −37), so a row whose sigmoid
     * outputs are all small would get 0/0 or distorted probabilities once divided by their sum.
     */
    private static String sigmoid(OnnxGraph g, String z, String name) {
        String expNegZ = g.node("Exp", name + "_exp", g.node("Neg", name + "_neg", z));
        String one = g.scalar("one", 1);
        return g.node("Div", name, one, g.node("Add", name + "_denominator", one, expNegZ));
    }

    /** Declared in the order label, probabilities, scores: the OIP outputs first, in their order. */
    private static void outputs(OnnxGraph g, String z, NetworkParameters network) {
        List<String> classes = network.classNames();
        long width = classes.size();
        String columns = "columns in this order: " + String.join(", ", classes);
        String probabilities;
        String scores = null;
        if (network.outputActivation() == Activation.SOFTMAX) {
            probabilities = g.node("Softmax", PROBABILITIES, List.of(AttributeProto.ofInt("axis", 1)), z);
        } else {
            // independent sigmoid outputs are reported raw as scores, and as probabilities their share of
            // the row's sum; a row whose every sigmoid underflowed to 0 is uniform (NetworkModel.probabilities)
            scores = sigmoid(g, z, SCORES);
            String sum = g.node("ReduceSum", "score_sum", keepDims(), scores, g.int64s("class_axis", 1));
            String share = g.node("Div", "score_share", scores, sum);
            String positive = g.node("Greater", "score_sum_positive", sum, g.scalar("zero", 0));
            probabilities = g.node("Where", PROBABILITIES, positive, share, g.scalar("uniform", 1.0 / width));
        }
        // the most probable class, the first one on a tie, as the service ranks the probabilities
        String best = g.node("ArgMax", "best_class",
                List.of(AttributeProto.ofInt("axis", 1), AttributeProto.ofInt("keepdims", 0),
                        AttributeProto.ofInt("select_last_index", 0)), probabilities);
        String label = g.node("Gather", LABEL, List.of(AttributeProto.ofInt("axis", 0)),
                g.strings("class_names", classes), best);
        g.output(label, LABEL, DataType.STRING, null, "the most probable class");
        g.output(probabilities, PROBABILITIES, DataType.DOUBLE, width, scores == null
                ? "softmax output, " + columns : "sigmoid outputs divided by their sum (uniform where it is 0), "
                + columns);
        if (scores != null) {
            g.output(scores, SCORES, DataType.DOUBLE, width, "raw sigmoid outputs, " + columns);
        }
    }

    private static List<AttributeProto> keepDims() {
        return List.of(AttributeProto.ofInt("keepdims", 1));
    }

    private static double[] rowMajor(double[][] rows, int columns) {
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return flat;
    }
}
