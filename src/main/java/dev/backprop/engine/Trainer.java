package dev.backprop.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a network by backpropagation. Everything the epoch loop touches is declared before the
 * loop (work matrices are reshaped, never re-created), so an epoch allocates nothing.
 * One trainer may run several trainings, one at a time or concurrently: it holds no state.
 *
 * <p>With more than one thread, each mini-batch is split into contiguous column ranges, one per
 * thread, by a rule of the batch size and thread count alone ({@link #parts}); each thread gathers,
 * runs forward and backward on its range, then the partial gradients are summed in thread order and
 * the update applied, both split over the threads by parameter ranges. So the same seed, data,
 * config and thread count give bit-identical weights; another thread count sums in another order.
 */
public final class Trainer {

    /** A thread takes a share of a batch only if it brings at least this many multiply-adds (forward). */
    static final long MIN_MULTIPLY_ADDS_PER_PART = 1 << 20;
    /** …and at least this many of the batch's columns. */
    static final int MIN_COLUMNS_PER_PART = 8;

    private final MatMul matmul;
    private final int threads;
    /** Whether Adam runs keep W and ∂W in native memory too ({@link NativeWeights}, {@link NativeGradients}); off only to compare. */
    private boolean nativeWeights = true;

    /** One thread. */
    public Trainer() {
        this(1);
    }

    /** Up to {@code threads} threads per training run (the caller's and threads − 1 started for the run). */
    public Trainer(int threads) {
        this(MatMul.DEFAULT, threads);
    }

    Trainer(MatMul matmul) {
        this(matmul, 1);
    }

    Trainer(MatMul matmul, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.matmul = matmul;
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** This trainer without {@link NativeWeights}: the same weights bit for bit, for the tests that show it. */
    Trainer withoutNativeWeights() {
        nativeWeights = false;
        return this;
    }

    /**
     * How many threads share a batch of {@code columns} rows when the forward pass costs
     * {@code multiplyAddsPerColumn} per row: as many as keep every share worth a hand-over.
     */
    static int parts(int threads, int columns, long multiplyAddsPerColumn) {
        long byWork = columns * multiplyAddsPerColumn / MIN_MULTIPLY_ADDS_PER_PART;
        long byColumns = columns / MIN_COLUMNS_PER_PART;
        return (int) Math.max(1, Math.min(threads, Math.min(byWork, byColumns)));
    }

    /** Weights plus biases of the network the config builds for this many features and classes. */
    public static long parameterCount(TrainingConfig config, int features, int classes) {
        return Network.parameterCount(layerSizes(config, features, classes), config.bias());
    }

    /**
     * The heap a run of {@code config} takes beyond its data, at most, in bytes: the network, a
     * gradient per thread, the optimizer's state and the best-so-far copy (8 bytes per parameter
     * each); activations and deltas for one batch (16 bytes per unit per row, the whole training set
     * for full batch) and for one evaluation chunk; the rows gathered for them. An upper bound
     * (every row counted as a training row), so that a job refused here could not have fitted.
     *
     * @param rows the dataset's rows
     * @param columns its raw feature columns
     * @param width the encoded input width
     */
    public static long memoryBytes(TrainingConfig config, int rows, int columns, int width, int outputs, int threads) {
        int[] sizes = layerSizes(config, width, outputs);
        long parameters = Network.parameterCount(sizes, config.bias());
        long units = 0;
        for (int l = 1; l < sizes.length; l++) {
            units += sizes[l];
        }
        long batch = config.batchSize() == 0 ? rows : Math.min(config.batchSize(), rows);
        long madds = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            madds += (long) sizes[l] * sizes[l + 1];
        }
        int parts = parts(threads, (int) batch, madds);
        long optimizerCopies = switch (config.optimizer()) {
            case ADAM -> 2;
            case MOMENTUM -> 1;
            case SGD -> 0;
        };
        boolean best = config.earlyStopping() != null && config.earlyStopping().restoreBest();
        long perParameter = 1 + parts + optimizerCopies + (best ? 1 : 0) + 1; // + the frozen model
        // a gathered row: raw values, encoded inputs, targets, and four ints' worth of bookkeeping
        long perRow = 8L * (columns + width + outputs) + 16;
        // part 0 takes whole batches, the others a share of one; a full batch also stays loaded
        long partRows = batch + (parts - 1) * ((batch + parts - 1) / parts);
        // one evaluation chunk per thread that shares batches, when a set has several chunks
        long chunks = Math.min(EVAL_CHUNK, rows) * (rows > EVAL_CHUNK ? parts : 1);
        return 8 * parameters * perParameter + 16 * units * (partRows + chunks)
                + perRow * (partRows + (batch == rows ? rows : 0) + chunks) + 4L * rows;
    }

    static int[] layerSizes(TrainingConfig config, int features, int classes) {
        int[] sizes = new int[config.hiddenLayers().size() + 2];
        sizes[0] = features;
        for (int i = 0; i < config.hiddenLayers().size(); i++) {
            sizes[i + 1] = config.hiddenLayers().get(i);
        }
        sizes[sizes.length - 1] = classes;
        return sizes;
    }

    /**
     * @throws TrainingDivergedException when the loss stops being finite
     * @throws TrainingCancelledException when the listener asks to stop
     * @throws IllegalArgumentException when the config's task is not the data's
     */
    public TrainingResult train(TrainingConfig config, TrainingData data, TrainingListener listener) {
        return train(config, data, listener, DEFAULT_SPARE_BYTES);
    }

    /**
     * Memory a run may spend on speed when its caller says nothing: a row-major copy of the data
     * up to this size ({@link #tableBytes}).
     */
    public static final long DEFAULT_SPARE_BYTES = 256L << 20;

    /**
     * The heap a row-major copy of the data's raw values takes, which a run makes when it may
     * spend that much beyond {@link #memoryBytes}: a batch then reads each row's values from one
     * place instead of one cache line per value from every column, in random row order (the
     * gather was a fifth of an epoch of 35 000 × 50 rows). The copy changes no result.
     */
    public static long tableBytes(int rows, int columns) {
        return 8L * rows * columns;
    }

    /**
     * As {@link #train(TrainingConfig, TrainingData, TrainingListener)}, spending at most
     * {@code spareBytes} beyond {@link #memoryBytes} on speed (see {@link #tableBytes}).
     */
    public TrainingResult train(TrainingConfig config, TrainingData data, TrainingListener listener, long spareBytes) {
        if (config.task() != data.task()) {
            throw new IllegalArgumentException("the config is for " + config.task().id() + " but the data's target is "
                    + (data.task() == Task.REGRESSION ? "a number (regression)" : "a class (classification)"));
        }
        // independent streams, so that e.g. a different split leaves the initial weights alone
        SplittableRandom initRng = new SplittableRandom(config.seed());
        SplittableRandom splitRng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        SplittableRandom shuffleRng = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);

        DataSplit split = data.target() instanceof TrainingData.Classes c
                ? DataSplit.stratified(c.labels(), c.names().size(), config.testFraction(), config.validationFraction(),
                        splitRng)
                : DataSplit.byTarget(((TrainingData.Values) data.target()).values(), config.testFraction(),
                        config.validationFraction(), splitRng);
        long cells = (long) data.rows() * data.features().size();
        Source source = Source.fit(data, split.train(), config.normalization(),
                cells <= Integer.MAX_VALUE - 8 && tableBytes(data.rows(), data.features().size()) <= spareBytes);
        Rows train = new Rows(split.train());
        Rows validation = split.validation().length > 0 ? new Rows(split.validation()) : null;
        Rows test = split.test().length > 0 ? new Rows(split.test()) : null;

        Network net = new Network(layerSizes(config, source.encoder().width(), source.outputs()), config.activation(),
                config.outputActivation(), config.bias(), matmul);
        net.initialize(config.weightInit(), initRng);

        Run run = new Run(config, net, train, validation, test, shuffleRng, listener, source, threads);
        EvaluationMetrics trainMetrics;
        EvaluationMetrics testMetrics;
        try {
            // Adam (whose update reads ∂W from native memory; the other rules read the heap gradient): W and
            // each thread's ∂W in native memory too, where OpenBLAS and the update read them, instead of
            // copies through JNI per weight matrix, product and thread
            if (nativeWeights && config.optimizer() == OptimizerType.ADAM && net.useNativeWeights()) {
                for (Run.Part part : run.parts) {
                    part.grads.useNative(net);
                }
            }
            run.loop();
            // before the team stops: the final figures use its threads too
            trainMetrics = run.evaluate(train);
            testMetrics = test == null ? null : run.evaluate(test);
        } finally {
            run.team.close();
            for (Run.Part part : run.parts) {
                part.grads.closeNative();
            }
            net.closeNativeWeights();
        }

        NetworkModel model = NetworkModel.freeze(net, source.encoder(), data.task(), data.classNames(),
                source.targetMean(), source.targetStd());
        if (!Double.isFinite(trainMetrics.loss())) {
            throw new TrainingDivergedException(run.epochsRun, trainMetrics.loss(), config.learningRate());
        }
        return new TrainingResult(model, trainMetrics, testMetrics,
                run.history.build(validation != null || test != null, data.task() == Task.CLASSIFICATION),
                run.epochsRun, run.bestEpoch, run.stoppedEarly);
    }

    /** A set of rows, by their index in the data. */
    record Rows(int[] rows) {
        int size() {
            return rows.length;
        }
    }

    /**
     * What every batch is built from: the data's columns, the encoder fitted on the training rows
     * (with its map from each categorical column's codes to the training levels), and each row's
     * target — a class, or the regression target standardised with the training rows' mean and
     * standard deviation.
     */
    record Source(List<Column> columns, InputEncoder encoder, int[][] levelMaps, int[] labels, List<String> classNames,
                  double[] targets, double targetMean, double targetStd, double[] table) {

        /** @param table whether to copy the raw values row-major ({@link #tableBytes}) */
        static Source fit(TrainingData data, int[] trainRows, Normalization normalization, boolean table) {
            InputEncoder.Fit fit = InputEncoder.fit(data.features(), trainRows, normalization);
            double[] rowMajor = table ? InputEncoder.table(data.features(), fit.levelMaps(), data.rows()) : null;
            if (rowMajor != null && fit.encoder().width() == data.features().size()) {
                // one input per column (numbers without a missing indicator): keep the rows encoded,
                // so that a batch is a copy and no epoch normalises anything again
                fit.encoder().encodeRows(rowMajor, data.rows());
            }
            if (data.target() instanceof TrainingData.Classes c) {
                return new Source(data.features(), fit.encoder(), fit.levelMaps(), c.labels(), c.names(), null, 0, 1,
                        rowMajor);
            }
            double[] values = ((TrainingData.Values) data.target()).values();
            double sum = 0;
            for (int r : trainRows) {
                sum += values[r];
            }
            double mean = sum / trainRows.length;
            double var = 0;
            for (int r : trainRows) {
                double d = values[r] - mean;
                var += d * d;
            }
            double std = Math.sqrt(var / trainRows.length);
            std = std > 1e-12 ? std : 1;
            double[] standardised = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                // y' = (y − mean) / std: the network learns a target of unit scale whatever the data's units
                standardised[i] = (values[i] - mean) / std;
            }
            return new Source(data.features(), fit.encoder(), fit.levelMaps(), null, List.of(), standardised, mean, std,
                    rowMajor);
        }

        boolean classification() {
            return labels != null;
        }

        /** Output units: one per class, or one value. */
        int outputs() {
            return classification() ? classNames.size() : 1;
        }

        /**
         * Batch columns 0..m-1 from data rows {@code idx[0..m)}: encoded inputs into {@code x}, targets
         * into {@code y} (one-hot, or the standardised value) and, for a classifier, {@code labels}.
         */
        void load(int[] idx, int m, Run.Slot slot, boolean exampleMajor) {
            Batch raw = slot.raw;
            Batch x = slot.x;
            Batch y = slot.y;
            int[] labels = slot.labels;
            int width = columns.size();
            boolean encodedTable = table != null && encoder.width() == width;
            if (table != null && exampleMajor) {
                // each row encoded straight into the batch's native memory, where OpenBLAS reads it:
                // no transposition into per-unit rows and no packing for either product
                double[] encoded = slot.encoded;
                for (int i = 0; i < m; i++) {
                    if (encodedTable) {
                        BlasMatMul.putExample(x, i, table, idx[i] * width, width);
                    } else {
                        encoder.encodeRow(table, idx[i] * width, encoded);
                        BlasMatMul.putExample(x, i, encoded, 0, encoder.width());
                    }
                }
                x.reshape(m);
                x.exampleMajor = true;
            } else {
                if (encodedTable) {
                    InputEncoder.gather(table, width, idx, m, x);
                } else {
                    if (table != null) {
                        InputEncoder.gather(table, width, idx, m, raw);
                    } else {
                        InputEncoder.gather(columns, levelMaps, idx, 0, m, raw, slot.codes);
                    }
                    encoder.encode(raw, m, x, slot.norms);
                }
                x.exampleMajor = false;
                if (exampleMajor) {
                    // the layout the table gives: OpenBLAS's sums depend on it, and the weights must not
                    // depend on whether this run could afford the table
                    double[] encoded = slot.encoded;
                    int units = encoder.width();
                    for (int i = 0; i < m; i++) {
                        for (int u = 0; u < units; u++) {
                            encoded[u] = x.row[u][i];
                        }
                        BlasMatMul.putExample(x, i, encoded, 0, units);
                    }
                    x.exampleMajor = true;
                }
            }
            y.reshape(m);
            if (classification()) {
                for (int i = 0; i < m; i++) {
                    labels[i] = this.labels[idx[i]];
                }
                for (int c = 0; c < y.units(); c++) {
                    double[] d = y.row[c];
                    for (int i = 0; i < m; i++) {
                        d[i] = labels[i] == c ? 1 : 0;
                    }
                }
            } else {
                double[] d = y.row[0];
                for (int i = 0; i < m; i++) {
                    d[i] = targets[idx[i]];
                }
            }
        }
    }

    /** Evaluation runs over at most this many rows at a time, whatever the set's size. */
    static final int EVAL_CHUNK = 1024;

    /** The mutable state of one training run. */
    private static final class Run {
        private final TrainingConfig config;
        private final Network net;
        private final Rows train;
        private final Rows validation;
        private final Rows test;
        private final SplittableRandom shuffleRng;
        private final TrainingListener listener;
        private final HistoryRecorder history;
        private final Source source;

        private final int batch;
        private final boolean fullBatch;
        /** The whole training set, encoded once, when every update takes it all (the case study). */
        private final Slot whole;
        /**
         * Evaluation's rows and work matrices, one chunk at a time per thread: the team's threads each take
         * a chunk, and the figures add up the chunks in their order, so they do not depend on the thread count.
         */
        private final Slot[] evals;
        private final Workspace[] evalWss;
        private final Team.Task evalTask = this::forwardChunk;
        /** The rows being evaluated and the group of chunks the team is on, for {@link #forwardChunk}. */
        private Rows evalRows;
        private int evalFirstChunk;
        /** The batch's gradient: one part's own, or the sum of the parts'. */
        private final Gradients grads;
        private final Optimizer optimizer;
        private final int[] order;
        private final Network best;
        /** Forward multiply-adds per row, which decides how many threads share a batch. */
        private final long multiplyAddsPerRow;
        final Team team;
        private final Part[] parts;
        /** sharedGrads[k]: the gradients of parts 0..k-1, the parts that share a batch k ways. */
        private final Gradients[][] sharedGrads;
        private final Team.Task passTask = this::pass;
        private final Team.Task updateTask = this::update;
        /** The current batch, for the tasks: its start in {@link #order}, size, threads sharing it, figures or not. */
        private int batchStart;
        private int batchSize;
        private int batchParts;
        private boolean batchFigures;

        int epochsRun;
        int bestEpoch;
        boolean stoppedEarly;

        Run(TrainingConfig config, Network net, Rows train, Rows validation, Rows test,
            SplittableRandom shuffleRng, TrainingListener listener, Source source, int threads) {
            this.config = config;
            this.net = net;
            this.train = train;
            this.validation = validation;
            this.test = test;
            this.shuffleRng = shuffleRng;
            this.listener = listener;
            this.source = source;
            this.history = new HistoryRecorder(config.epochs());
            int n = train.size();
            batch = config.batchSize() == 0 ? n : Math.min(config.batchSize(), n);
            fullBatch = batch == n;
            int largest = Math.max(validation == null ? 0 : validation.size(), test == null ? 0 : test.size());
            int chunk = Math.min(EVAL_CHUNK, Math.max(largest, n));
            grads = new Gradients(net);
            optimizer = Optimizer.create(config.optimizer(), config.learningRate(), net);
            long madds = 0;
            for (int l = 0; l < net.layers(); l++) {
                madds += (long) net.sizes[l] * net.sizes[l + 1];
            }
            multiplyAddsPerRow = madds;
            // threads beyond what the largest batch can use would only wait
            int used = Trainer.parts(threads, batch, multiplyAddsPerRow);
            team = new Team(used, "backprop-trainer");
            int evaluators = Math.max(largest, n) > EVAL_CHUNK ? used : 1;
            evals = new Slot[evaluators];
            evalWss = new Workspace[evaluators];
            for (int t = 0; t < evaluators; t++) {
                evals[t] = new Slot(source, net.sizes, chunk);
                evalWss[t] = new Workspace(net.sizes, chunk);
            }
            parts = new Part[used];
            for (int t = 0; t < used; t++) {
                // part 0 also takes whole batches alone; the others at most their share of one
                int columns = t == 0 ? batch : (batch + used - 1) / used;
                parts[t] = new Part(source, net, columns, t == 0 ? grads : new Gradients(net));
            }
            sharedGrads = new Gradients[used + 1][];
            for (int k = 1; k <= used; k++) {
                sharedGrads[k] = new Gradients[k];
                for (int t = 0; t < k; t++) {
                    sharedGrads[k][t] = parts[t].grads;
                }
            }
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (fullBatch) {
                whole = new Slot(source, net.sizes, n);
                whole.load(source, train.rows(), 0, n, net);
            } else {
                whole = null;
            }
            best = config.earlyStopping() != null && config.earlyStopping().restoreBest()
                    ? new Network(net.sizes, net.hidden, net.output, net.bias, MatMul.EJML) : null;
        }

        /** Rows loaded for the network: their data indices, raw values, encoded inputs and targets. */
        static final class Slot {
            final int[] idx;
            /** One row's encoded inputs, for a batch gathered example-major. */
            final double[] encoded;
            final Batch raw;
            final int[] codes;
            final double[] norms;
            final Batch x;
            final Batch y;
            final int[] labels;

            Slot(Source source, int[] sizes, int columns) {
                idx = new int[columns];
                encoded = new double[sizes[0]];
                raw = new Batch(source.columns().size(), columns);
                codes = new int[columns];
                norms = new double[columns];
                x = new Batch(sizes[0], columns);
                y = new Batch(sizes[sizes.length - 1], columns);
                labels = new int[columns];
            }

            /** Loads data rows {@code rows[from..from+m)} for {@code net}. */
            void load(Source source, int[] rows, int from, int m, Network net) {
                System.arraycopy(rows, from, idx, 0, m);
                source.load(idx, m, this, net.takesExampleMajorInput(m));
            }
        }

        /** One thread's work matrices and gathered share of a batch. */
        static final class Part {
            final Workspace ws;
            final Gradients grads;
            final Slot slot;
            double lossSum;
            long correct;

            Part(Source source, Network net, int columns, Gradients grads) {
                ws = new Workspace(net.sizes, columns);
                this.grads = grads;
                slot = new Slot(source, net.sizes, columns);
            }
        }

        void loop() {
            EarlyStopping stopping = config.earlyStopping();
            double bestLoss = Double.POSITIVE_INFINITY;
            int sinceBest = 0;
            Rows monitored = validation != null ? validation : test;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                boolean last = epoch == config.epochs();
                // the listener is asked every epoch, first, so that its own schedule (live progress) never
                // depends on whether the history or early stopping happen to need this epoch's figures
                boolean listenerWants = listener.wantsFigures(epoch);
                boolean record = history.wants(epoch, last);
                // the epoch's loss and accuracy cost a pass over the outputs: only when someone reads them
                boolean figures = listenerWants || record || stopping != null;
                long correct = trainEpoch(epoch, figures);
                double loss = figures ? lossSum / train.size() : Double.NaN;
                double accuracy = figures && source.classification() ? (double) correct / train.size() : Double.NaN;
                epochsRun = epoch;
                if (figures && !Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, loss, config.learningRate());
                }
                if (!net.parametersFinite()) {
                    // caught within the epoch it happens, figures or not
                    throw new TrainingDivergedException(epoch, evaluateLoss(train), config.learningRate());
                }
                double vLoss = Double.NaN;
                double vAccuracy = Double.NaN;
                if (monitored != null && figures) {
                    vLoss = evaluateLoss(monitored);
                    vAccuracy = source.classification() ? lastAccuracy : Double.NaN;
                }
                if (stopping != null) {
                    // early stopping watches the validation rows, never the test rows
                    double watched = validation != null ? vLoss : loss;
                    if (watched < bestLoss - stopping.minDelta()) {
                        bestLoss = watched;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        if (best != null) {
                            best.copyFrom(net);
                        }
                    } else if (++sinceBest >= stopping.patience()) {
                        stoppedEarly = true;
                        record = true;
                    }
                } else {
                    bestEpoch = epoch;
                }
                if (record) {
                    history.record(epoch, loss, accuracy, vLoss, vAccuracy);
                }
                listener.onEpoch(epoch, config.epochs(), loss, accuracy, vLoss, vAccuracy);
                if (stoppedEarly) {
                    break;
                }
            }
            if (best != null && bestEpoch > 0) {
                net.copyFrom(best);
            }
        }

        private double lossSum;
        private double lastAccuracy;

        /**
         * One pass over the training rows; with {@code figures}, sums the loss into {@link #lossSum} and
         * returns the number of rows classified right (both before each update), else returns 0.
         */
        private long trainEpoch(int epoch, boolean figures) {
            int n = train.size();
            lossSum = 0;
            long correct = 0;
            if (!fullBatch) {
                DataSplit.shuffle(order, shuffleRng);
            }
            int batches = (n + batch - 1) / batch;
            for (int start = 0; start < n; start += batch) {
                int m = Math.min(batch, n - start);
                int shared = Trainer.parts(parts.length, m, multiplyAddsPerRow);
                net.refreshNativeWeights();
                if (shared == 1) {
                    correct += trainAlone(start, m, figures);
                } else {
                    batchStart = start;
                    batchSize = m;
                    batchParts = shared;
                    batchFigures = figures;
                    // each thread: gather, forward, backward on its columns; then each: Σ over parts + update, by ranges
                    team.run(shared, passTask);
                    net.alignGradients(sharedGrads[shared]);
                    optimizer.begin();
                    team.run(shared, updateTask);
                    net.stepDone(sharedGrads[shared]);
                    for (int t = 0; t < shared; t++) {
                        lossSum += parts[t].lossSum;
                        correct += parts[t].correct;
                    }
                }
                if (listener.cancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                listener.onBatch(epoch, start / batch + 1, batches);
            }
            return correct;
        }

        /** One batch on the calling thread: the whole training set as encoded once, or rows gathered into part 0. */
        private long trainAlone(int start, int m, boolean figures) {
            Part part = parts[0];
            Slot slot = whole;
            if (!fullBatch) {
                gather(part, start, m);
                slot = part.slot;
            }
            net.forward(slot.x, part.ws);
            long correct = 0;
            if (figures) {
                lossSum += Network.lossSum(config.loss(), net.output, part.ws.output(), slot.y);
                correct = source.classification() ? countCorrect(part.ws.output(), slot.labels, m) : 0;
            }
            double scale = config.reduction() == Reduction.MEAN ? 1.0 / m : 1.0;
            // λ·W is added by the optimizer, which reads W anyway
            net.backward(slot.x, slot.y, config.loss(), scale, 0, part.ws, grads);
            optimizer.step(net, grads, config.l2());
            return correct;
        }

        /** Part t of a shared batch: its columns gathered, forward, figures, backward without the L2 term. */
        private void pass(int t) {
            Part part = parts[t];
            int from = Optimizer.from(batchSize, t, batchParts);
            int m = Optimizer.from(batchSize, t + 1, batchParts) - from;
            gather(part, batchStart + from, m);
            Slot slot = part.slot;
            net.forward(slot.x, part.ws);
            part.lossSum = 0;
            part.correct = 0;
            if (batchFigures) {
                part.lossSum = Network.lossSum(config.loss(), net.output, part.ws.output(), slot.y);
                part.correct = source.classification() ? countCorrect(part.ws.output(), slot.labels, m) : 0;
            }
            // scaled by the whole batch, so that the parts' gradients add up to the batch's
            double scale = config.reduction() == Reduction.MEAN ? 1.0 / batchSize : 1.0;
            net.backward(slot.x, slot.y, config.loss(), scale, 0, part.ws, part.grads);
        }

        /** Share t of the parameters: ∇ = Σ parts' ∇ in part order, then the optimizer's update (which adds λ·W). */
        private void update(int t) {
            for (int l = 0; l < net.layers(); l++) {
                sumParts(l, true, t);
                if (net.bias) {
                    sumParts(l, false, t);
                }
            }
            optimizer.update(net, grads, config.l2(), t, batchParts);
        }

        private void sumParts(int layer, boolean weights, int t) {
            double[] sum = (weights ? grads.w : grads.b)[layer].data;
            int n = (weights ? grads.w : grads.b)[layer].getNumElements();
            int from = Optimizer.from(n, t, batchParts);
            int to = Optimizer.from(n, t + 1, batchParts);
            // part 0's gradient is grads itself: add the others to it, one part after the other
            if (weights && grads.natives != null && grads.natives.pending(layer)) {
                // every part's ∂W is in native memory (Network.alignGradients): the sum too, for the update
                for (int p = 1; p < batchParts; p++) {
                    grads.natives.add(layer, parts[p].grads.natives, from, to);
                }
                return;
            }
            for (int p = 1; p < batchParts; p++) {
                double[] d = (weights ? parts[p].grads.w : parts[p].grads.b)[layer].data;
                for (int i = from; i < to; i++) {
                    sum[i] += d[i];
                }
            }
        }

        /** Gathers the training rows order[start..start+m) into the part's slot: encoded inputs and targets. */
        private void gather(Part part, int start, int m) {
            int[] rows = train.rows();
            int[] idx = part.slot.idx;
            for (int i = 0; i < m; i++) {
                idx[i] = rows[order[start + i]];
            }
            source.load(idx, m, part.slot, net.takesExampleMajorInput(m));
        }

        /** Mean loss over {@code rows}, chunk by chunk; leaves the accuracy in {@link #lastAccuracy}. */
        private double evaluateLoss(Rows rows) {
            double loss = 0;
            long correct = 0;
            int n = rows.size();
            int chunks = chunks(n);
            for (int first = 0; first < chunks; first += evals.length) {
                int group = forwardChunks(rows, first, chunks);
                for (int t = 0; t < group; t++) {
                    Slot eval = evals[t];
                    Batch output = evalWss[t].output();
                    loss += Network.lossSum(config.loss(), net.output, output, eval.y);
                    if (source.classification()) {
                        correct += countCorrect(output, eval.labels, chunkSize(n, first + t));
                    }
                }
            }
            lastAccuracy = (double) correct / n;
            return loss / n;
        }

        /** The metrics of {@code rows}, chunk by chunk: memory bounded by the chunk, not the set. */
        EvaluationMetrics evaluate(Rows rows) {
            EvaluationMetrics.Classification classes = source.classification()
                    ? new EvaluationMetrics.Classification(config.loss(), net.output, source.classNames()) : null;
            EvaluationMetrics.Regression values = source.classification() ? null
                    : new EvaluationMetrics.Regression(source.targetMean(), source.targetStd());
            int n = rows.size();
            int chunks = chunks(n);
            for (int first = 0; first < chunks; first += evals.length) {
                int group = forwardChunks(rows, first, chunks);
                for (int t = 0; t < group; t++) {
                    Slot eval = evals[t];
                    int m = chunkSize(n, first + t);
                    if (classes != null) {
                        classes.add(evalWss[t].output(), eval.y, eval.labels, m);
                    } else {
                        values.add(evalWss[t].output(), eval.y, m);
                    }
                }
            }
            return classes != null ? classes.metrics() : values.metrics();
        }

        private static int chunks(int rows) {
            return (rows + EVAL_CHUNK - 1) / EVAL_CHUNK;
        }

        private static int chunkSize(int rows, int chunk) {
            return Math.min(EVAL_CHUNK, rows - chunk * EVAL_CHUNK);
        }

        /** Loads and runs forward chunks first, first + 1, … one per evaluator; returns how many. */
        private int forwardChunks(Rows rows, int first, int chunks) {
            int group = Math.min(evals.length, chunks - first);
            net.refreshNativeWeights();
            evalRows = rows;
            evalFirstChunk = first;
            team.run(group, evalTask);
            return group;
        }

        /** Evaluator t's chunk of the current group: its rows loaded into its slot, forward into its workspace. */
        private void forwardChunk(int t) {
            int chunk = evalFirstChunk + t;
            int n = evalRows.size();
            int m = chunkSize(n, chunk);
            evals[t].load(source, evalRows.rows(), chunk * EVAL_CHUNK, m, net);
            net.forward(evals[t].x, evalWss[t]);
        }

        /**
         * Examples whose most probable class is their label: a[label, t] beats every class before the
         * label and is not beaten by any after it (argmax keeps the first maximum). Branch-free.
         */
        private static long countCorrect(Batch a, int[] labels, int columns) {
            double[][] rows = a.row;
            long correct = 0;
            for (int t = 0; t < columns; t++) {
                int label = labels[t];
                double v = rows[label][t];
                int beaten = 0;
                for (int c = 0; c < rows.length; c++) {
                    double o = rows[c][t];
                    beaten |= c < label ? (o >= v ? 1 : 0) : (o > v ? 1 : 0);
                }
                correct += 1 - beaten;
            }
            return correct;
        }
    }
}
