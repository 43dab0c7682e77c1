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
 *
 * <p>Rows arrive raw, one double per original column, row-major ({@link InputEncoder}: a number or
 * NaN for missing; for a categorical column its level's index in the model's levels, NaN or
 * {@link InputEncoder#UNSEEN}). A classifier answers one output per class; a regression one value,
 * on the target's own scale.
 */
public final class NetworkModel {

    /** Batches up to this size reuse per-thread buffers; larger ones get their own. */
    private static final int POOLED_ROWS = 64;

    private final Network net;
    private final InputEncoder encoder;
    private final Task task;
    private final List<String> featureNames;
    /** Column name → its place in a raw row, built once: callers look columns up by name per request. */
    private final Map<String, Integer> featureColumns;
    private final List<String> classNames;
    /** Per categorical column, level → its index (null for numeric columns): requests look levels up by name. */
    private final List<Map<String, Integer>> levels;
    private final double targetMean;
    private final double targetStd;
    private final ThreadLocal<Scratch> scratch;

    private NetworkModel(Network net, InputEncoder encoder, Task task, List<String> classNames, double targetMean,
                         double targetStd) {
        this.net = net;
        this.encoder = encoder;
        this.task = task;
        List<String> names = new ArrayList<>();
        Map<String, Integer> columns = new HashMap<>();
        for (InputEncoder.Input input : encoder.inputs()) {
            columns.put(input.name(), names.size());
            names.add(input.name());
        }
        this.featureNames = List.copyOf(names);
        this.featureColumns = Map.copyOf(columns);
        List<Map<String, Integer>> levelIndexes = new ArrayList<>();
        for (InputEncoder.Input input : encoder.inputs()) {
            Map<String, Integer> index = null;
            if (input instanceof InputEncoder.CategoricalInput c) {
                index = new HashMap<>();
                for (int k = 0; k < c.levels().size(); k++) {
                    index.put(c.levels().get(k), k);
                }
                index = Map.copyOf(index);
            }
            levelIndexes.add(index);
        }
        this.levels = java.util.Collections.unmodifiableList(levelIndexes);
        this.classNames = List.copyOf(classNames);
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(encoder, net.sizes, POOLED_ROWS));
    }

    /** Freezes a copy of the trainer's network. */
    static NetworkModel freeze(Network trained, InputEncoder encoder, Task task, List<String> classNames,
                               double targetMean, double targetStd) {
        Network copy = new Network(trained.sizes, trained.hidden, trained.output, trained.bias, MatMul.DEFAULT);
        copy.copyFrom(trained);
        return new NetworkModel(copy, encoder, task, classNames, targetMean, targetStd);
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
        return new NetworkModel(net, p.encoder(), p.task(), p.classNames(), p.targetMean(), p.targetStd());
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
        return new NetworkParameters(net.sizes.clone(), net.hidden, net.output, net.bias, weights, biases, encoder,
                task, classNames, targetMean, targetStd);
    }

    /** The outputs for one raw row (a class's score each, or the one predicted value). */
    public double[] predict(double[] raw) {
        return predictBatch(raw, 1);
    }

    /**
     * The outputs for {@code rows} raw rows given row-major ({@code featureCount()} values each),
     * returned row-major: rows × classes for a classifier, one value per row for a regression.
     */
    public double[] predictBatch(double[] raw, int rows) {
        int cols = featureCount();
        if (raw.length < (long) rows * cols) {
            throw new IllegalArgumentException("expected " + rows + " × " + cols + " raw values, got " + raw.length);
        }
        Scratch s = rows <= POOLED_ROWS ? scratch.get() : new Scratch(encoder, net.sizes, rows);
        // the engine is feature-major: transpose rows in (columns × rows), encode, and outputs out
        s.raw.reshape(rows);
        for (int j = 0; j < cols; j++) {
            double[] column = s.raw.row[j];
            for (int r = 0; r < rows; r++) {
                column[r] = raw[r * cols + j];
            }
        }
        encoder.encode(s.raw, rows, s.input, s.norms);
        net.forward(s.input, s.workspace);
        Batch a = s.workspace.output();
        int outputs = outputCount();
        double[] out = new double[rows * outputs];
        for (int c = 0; c < outputs; c++) {
            double[] row = a.row[c];
            for (int r = 0; r < rows; r++) {
                out[r * outputs + c] = task == Task.REGRESSION ? row[r] * targetStd + targetMean : row[r];
            }
        }
        return out;
    }

    /**
     * Whether the raw outputs are already probabilities (softmax: each row sums to 1). Sigmoid outputs
     * are one independent score per class and are not; a regression has no classes.
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

    public Task task() {
        return task;
    }

    public InputEncoder encoder() {
        return encoder;
    }

    /** The original columns, in the order raw rows give them. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Column name → its place in a raw row, immutable. */
    public Map<String, Integer> featureColumns() {
        return featureColumns;
    }

    /** Whether column {@code j} of a raw row is categorical. */
    public boolean categorical(int j) {
        return levels.get(j) != null;
    }

    /** The raw value of {@code level} in categorical column {@code j}: its index, or {@link InputEncoder#UNSEEN}. */
    public double level(int j, String level) {
        Integer index = levels.get(j).get(level);
        return index == null ? InputEncoder.UNSEEN : index;
    }

    /** A classifier's classes, in output order; empty for a regression. */
    public List<String> classNames() {
        return classNames;
    }

    /** Values per raw row. */
    public int featureCount() {
        return featureNames.size();
    }

    public int classCount() {
        return classNames.size();
    }

    /** Outputs per row: the classes, or one value. */
    public int outputCount() {
        return task == Task.REGRESSION ? 1 : classNames.size();
    }

    public int[] layerSizes() {
        return net.sizes.clone();
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    private static final class Scratch {
        final Batch raw;
        final double[] norms;
        final Batch input;
        final Workspace workspace;

        Scratch(InputEncoder encoder, int[] sizes, int rows) {
            raw = new Batch(encoder.columns(), rows);
            norms = new double[rows];
            input = new Batch(sizes[0], rows);
            workspace = new Workspace(sizes, rows);
        }
    }
}
