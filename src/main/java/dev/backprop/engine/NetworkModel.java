package dev.backprop.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;

/**
 * A trained network, frozen: its weights are copied in and never change, so any number of
 * threads may predict at once. Each thread reuses its own work matrices for small batches, so
 * predicting a single row allocates nothing but the result.
 */
public final class NetworkModel {

    /** Batches up to this size reuse per-thread buffers; larger ones get their own. */
    private static final int POOLED_ROWS = 64;

    private final Network net;
    private final Normalizer normalizer;
    private final List<String> featureNames;
    /** Feature name → input column, built once: callers look features up by name per request. */
    private final Map<String, Integer> featureColumns;
    private final List<String> classNames;
    private final double[] featureMin;
    private final double[] featureMax;
    private final ThreadLocal<Scratch> scratch;

    private NetworkModel(Network net, Normalizer normalizer, List<String> featureNames, List<String> classNames,
                         double[] featureMin, double[] featureMax) {
        this.net = net;
        this.normalizer = normalizer;
        this.featureNames = List.copyOf(featureNames);
        Map<String, Integer> columns = new HashMap<>();
        for (int j = 0; j < this.featureNames.size(); j++) {
            columns.put(this.featureNames.get(j), j);
        }
        this.featureColumns = Map.copyOf(columns);
        this.classNames = List.copyOf(classNames);
        this.featureMin = featureMin.clone();
        this.featureMax = featureMax.clone();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(net.sizes, POOLED_ROWS));
    }

    /** Freezes a copy of the trainer's network. */
    static NetworkModel freeze(Network trained, Normalizer normalizer, List<String> featureNames,
                               List<String> classNames, double[] featureMin, double[] featureMax) {
        Network copy = new Network(trained.sizes, trained.hidden, trained.output, trained.bias, MatMul.DEFAULT);
        copy.copyFrom(trained);
        return new NetworkModel(copy, normalizer, featureNames, classNames, featureMin, featureMax);
    }

    /** Rebuilds a model from exported parameters (already validated by their record). */
    public static NetworkModel of(NetworkParameters p) {
        Network net = new Network(p.layerSizes(), p.hiddenActivation(), p.outputActivation(), p.bias(), MatMul.DEFAULT);
        for (int l = 0; l < net.layers(); l++) {
            // the engine holds W (fanOut × fanIn); the export is Wᵀ as [fanIn][fanOut]
            double[][] w = p.weights().get(l);
            int fanIn = net.w[l].numCols;
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[i].length; j++) {
                    net.w[l].data[j * fanIn + i] = w[i][j];
                }
            }
            if (p.bias()) {
                System.arraycopy(p.biases().get(l), 0, net.b[l].data, 0, net.b[l].getNumElements());
            }
        }
        Normalizer normalizer = Normalizer.of(p.normalization(), p.normalizerShift(), p.normalizerScale(),
                p.layerSizes()[0]);
        return new NetworkModel(net, normalizer, p.featureNames(), p.classNames(), p.featureMin(), p.featureMax());
    }

    public NetworkParameters parameters() {
        List<double[][]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l < net.layers(); l++) {
            DMatrixRMaj w = net.w[l];
            // [fanIn][fanOut] = Wᵀ
            double[][] rows = new double[w.numCols][w.numRows];
            for (int i = 0; i < w.numCols; i++) {
                for (int j = 0; j < w.numRows; j++) {
                    rows[i][j] = w.data[j * w.numCols + i];
                }
            }
            weights.add(rows);
            if (net.bias) {
                biases.add(java.util.Arrays.copyOf(net.b[l].data, net.b[l].getNumElements()));
            }
        }
        return new NetworkParameters(net.sizes.clone(), net.hidden, net.output, net.bias, weights, biases,
                normalizer.kind(), normalizer.shift(), normalizer.scale(), featureNames, classNames,
                featureMin.clone(), featureMax.clone());
    }

    /** Class probabilities for one row of raw (un-normalised) features, written into {@code out}. */
    public void predict(double[] row, double[] out) {
        checkWidth(row.length, 1);
        Scratch s = scratch.get();
        // one example: a features × 1 column, the same values as the row
        s.input.reshape(1);
        normalizer.apply(row, 0, s.row, 0, featureCount());
        for (int j = 0; j < featureCount(); j++) {
            s.input.row[j][0] = s.row[j];
        }
        net.forward(s.input, s.workspace);
        Batch a = s.workspace.output();
        for (int c = 0; c < classCount(); c++) {
            out[c] = a.row[c][0];
        }
    }

    public double[] predict(double[] row) {
        double[] out = new double[classCount()];
        predict(row, out);
        return out;
    }

    /** Class probabilities for {@code rows} rows given row-major; returned row-major (rows × classes). */
    public double[] predictBatch(double[] features, int rows) {
        checkWidth(features.length, rows);
        int cols = featureCount();
        Scratch s = rows <= POOLED_ROWS ? scratch.get() : new Scratch(net.sizes, rows);
        // the engine is feature-major: transpose rows in (features × rows) and out (rows × classes)
        s.input.reshape(rows);
        double[] row = s.row;
        for (int r = 0; r < rows; r++) {
            normalizer.apply(features, r * cols, row, 0, cols);
            for (int j = 0; j < cols; j++) {
                s.input.row[j][r] = row[j];
            }
        }
        net.forward(s.input, s.workspace);
        Batch a = s.workspace.output();
        int classes = classCount();
        double[] out = new double[rows * classes];
        for (int c = 0; c < classes; c++) {
            for (int r = 0; r < rows; r++) {
                out[r * classes + c] = a.row[c][r];
            }
        }
        return out;
    }

    /**
     * Whether the raw outputs are already probabilities (softmax: each row sums to 1). Sigmoid outputs
     * are one independent score per class and are not.
     */
    public boolean outputsAreProbabilities() {
        return net.output == Activation.SOFTMAX;
    }

    /**
     * Class probabilities from raw outputs (rows × classes, row-major): the outputs themselves after
     * softmax; after sigmoid each row's scores divided by their sum (an all-zero row, where every
     * sigmoid underflowed, becomes uniform). Returns {@code outputs} itself when nothing changes.
     */
    public double[] probabilities(double[] outputs, int rows) {
        if (outputsAreProbabilities()) {
            return outputs;
        }
        int classes = classCount();
        double[] p = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += outputs[base + c];
            }
            for (int c = 0; c < classes; c++) {
                p[base + c] = sum > 0 ? outputs[base + c] / sum : 1.0 / classes;
            }
        }
        return p;
    }

    private void checkWidth(int length, int rows) {
        if (length != rows * featureCount()) {
            throw new IllegalArgumentException("expected " + rows + " × " + featureCount() + " feature values, got " + length);
        }
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Feature name → its column in {@link #featureNames()}, immutable. */
    public Map<String, Integer> featureColumns() {
        return featureColumns;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int classCount() {
        return classNames.size();
    }

    public int[] layerSizes() {
        return net.sizes.clone();
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    /** Smallest value of feature {@code j} among the training rows, before normalisation. */
    public double featureMin(int j) {
        return featureMin[j];
    }

    public double featureMax(int j) {
        return featureMax[j];
    }

    private static final class Scratch {
        final Batch input;
        final double[] row;
        final Workspace workspace;

        Scratch(int[] sizes, int rows) {
            input = new Batch(sizes[0], rows);
            row = new double[sizes[0]];
            workspace = new Workspace(sizes, rows);
        }
    }
}
