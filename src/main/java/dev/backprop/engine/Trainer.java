package dev.backprop.engine;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;

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
     */
    public TrainingResult train(TrainingConfig config, TrainingData data, TrainingListener listener) {
        // independent streams, so that e.g. a different split leaves the initial weights alone
        SplittableRandom initRng = new SplittableRandom(config.seed());
        SplittableRandom splitRng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        SplittableRandom shuffleRng = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);

        int cols = data.featureCount();
        int classes = data.classCount();
        DataSplit split = DataSplit.stratified(data.labels(), classes, config.testFraction(),
                config.validationFraction(), splitRng);
        Normalizer normalizer = Normalizer.fit(config.normalization(), data.features(), cols, split.train());
        Rows train = Rows.of(data, split.train(), normalizer);
        Rows validation = split.validation().length > 0 ? Rows.of(data, split.validation(), normalizer) : null;
        Rows test = split.test().length > 0 ? Rows.of(data, split.test(), normalizer) : null;

        Network net = new Network(layerSizes(config, cols, classes), config.activation(),
                config.outputActivation(), config.bias(), matmul);
        net.initialize(config.weightInit(), initRng);

        Run run = new Run(config, net, train, validation, test, shuffleRng, listener,
                new Source(data.features(), split.train(), normalizer), threads);
        try {
            run.loop();
        } finally {
            run.team.close();
        }

        NetworkModel model = NetworkModel.freeze(net, normalizer, data.featureNames(), data.classNames(),
                train.min, train.max);
        EvaluationMetrics trainMetrics = run.evaluate(train, data);
        EvaluationMetrics testMetrics = test == null ? null : run.evaluate(test, data);
        if (!Double.isFinite(trainMetrics.loss())) {
            throw new TrainingDivergedException(run.epochsRun, trainMetrics.loss(), config.learningRate());
        }
        return new TrainingResult(model, trainMetrics, testMetrics, run.history.build(validation != null || test != null),
                run.epochsRun, run.bestEpoch, run.stoppedEarly);
    }

    /**
     * A set of rows, normalised, feature-major (x: features × rows, y: one-hot classes × rows),
     * with labels and raw per-feature ranges.
     */
    static final class Rows {
        final Batch x;
        final Batch y;
        final int[] labels;
        final double[] min;
        final double[] max;

        private Rows(Batch x, Batch y, int[] labels, double[] min, double[] max) {
            this.x = x;
            this.y = y;
            this.labels = labels;
            this.min = min;
            this.max = max;
        }

        static Rows of(TrainingData data, int[] rows, Normalizer normalizer) {
            int cols = data.featureCount();
            int classes = data.classCount();
            int n = rows.length;
            Batch x = new Batch(cols, n);
            Batch y = new Batch(classes, n);
            int[] labels = new int[n];
            double[] min = new double[cols];
            double[] max = new double[cols];
            double[] row = new double[cols];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            double[] features = data.features();
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                normalizer.apply(features, r * cols, row, 0, cols);
                for (int j = 0; j < cols; j++) {
                    x.row[j][i] = row[j];
                    min[j] = Math.min(min[j], features[r * cols + j]);
                    max[j] = Math.max(max[j], features[r * cols + j]);
                }
                labels[i] = data.labels()[r];
                y.row[labels[i]][i] = 1;
            }
            return new Rows(x, y, labels, min, max);
        }

        int size() {
            return labels.length;
        }
    }

    /**
     * The training rows as the data holds them: row-major raw features, the data's row index of each
     * training row, and the fitted normaliser. Gathering a mini-batch from here reads each row's
     * features contiguously, where gathering from the feature-major {@link Rows#x} touches one cache
     * line per value (the largest cost of an epoch on wide data before this).
     */
    record Source(double[] features, int[] rows, Normalizer normalizer) {
    }

    /** Rows gathered per pass over a batch's columns. */
    private static final int GATHERED = 4;

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

        private final int batch;
        private final boolean fullBatch;
        private final Workspace evalWs;
        /** The batch's gradient: one part's own, or the sum of the parts'. */
        private final Gradients grads;
        private final Optimizer optimizer;
        private final int[] order;
        private final Network best;
        private final Source source;
        /** Forward multiply-adds per row, which decides how many threads share a batch. */
        private final long multiplyAddsPerRow;
        final Team team;
        private final Part[] parts;
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
            int evalRows = Math.max(validation == null ? 1 : validation.size(), test == null ? 1 : test.size());
            evalWs = new Workspace(net.sizes, Math.max(evalRows, n));
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
            parts = new Part[used];
            for (int t = 0; t < used; t++) {
                // part 0 also takes whole batches alone; the others at most their share of one
                int columns = t == 0 ? batch : (batch + used - 1) / used;
                parts[t] = new Part(net, columns, t == 0 ? grads : new Gradients(net));
            }
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            best = config.earlyStopping() != null && config.earlyStopping().restoreBest()
                    ? new Network(net.sizes, net.hidden, net.output, net.bias, MatMul.EJML) : null;
        }

        /** One thread's work matrices and gathered share of a batch. */
        private static final class Part {
            final Workspace ws;
            final Gradients grads;
            final Batch xb;
            final Batch yb;
            final int[] lb;
            /** {@link #GATHERED} normalised rows, one after the other. */
            final double[] rows;
            double lossSum;
            long correct;

            Part(Network net, int columns, Gradients grads) {
                ws = new Workspace(net.sizes, columns);
                this.grads = grads;
                xb = new Batch(net.sizes[0], columns);
                yb = new Batch(net.sizes[net.sizes.length - 1], columns);
                lb = new int[columns];
                rows = new double[GATHERED * net.sizes[0]];
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
                double accuracy = figures ? (double) correct / train.size() : Double.NaN;
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
                    vAccuracy = lastAccuracy;
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
                if (shared == 1) {
                    correct += trainAlone(start, m, figures);
                } else {
                    batchStart = start;
                    batchSize = m;
                    batchParts = shared;
                    batchFigures = figures;
                    // each thread: gather, forward, backward on its columns; then each: Σ over parts + update, by ranges
                    team.run(shared, passTask);
                    optimizer.begin();
                    team.run(shared, updateTask);
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

        /** One batch on the calling thread: the whole training set in place, or columns gathered into part 0. */
        private long trainAlone(int start, int m, boolean figures) {
            Part part = parts[0];
            Batch x = train.x;
            Batch y = train.y;
            int[] labels = train.labels;
            if (!fullBatch) {
                gather(part, start, m);
                x = part.xb;
                y = part.yb;
                labels = part.lb;
            }
            net.forward(x, part.ws);
            long correct = 0;
            if (figures) {
                lossSum += Network.lossSum(config.loss(), net.output, part.ws.output(), y);
                correct = countCorrect(part.ws.output(), labels, m);
            }
            double scale = config.reduction() == Reduction.MEAN ? 1.0 / m : 1.0;
            net.backward(x, y, config.loss(), scale, config.l2(), part.ws, grads);
            optimizer.step(net, grads);
            return correct;
        }

        /** Part t of a shared batch: its columns gathered, forward, figures, backward without the L2 term. */
        private void pass(int t) {
            Part part = parts[t];
            int from = Optimizer.from(batchSize, t, batchParts);
            int m = Optimizer.from(batchSize, t + 1, batchParts) - from;
            gather(part, batchStart + from, m);
            net.forward(part.xb, part.ws);
            part.lossSum = 0;
            part.correct = 0;
            if (batchFigures) {
                part.lossSum = Network.lossSum(config.loss(), net.output, part.ws.output(), part.yb);
                part.correct = countCorrect(part.ws.output(), part.lb, m);
            }
            // scaled by the whole batch, so that the parts' gradients add up to the batch's
            double scale = config.reduction() == Reduction.MEAN ? 1.0 / batchSize : 1.0;
            net.backward(part.xb, part.yb, config.loss(), scale, 0, part.ws, part.grads);
        }

        /** Share t of the parameters: ∇ = Σ parts' ∇ in part order (+ λ·W), then the optimizer's update. */
        private void update(int t) {
            double l2 = config.l2();
            for (int l = 0; l < net.layers(); l++) {
                sumParts(l, true, t, l2);
                if (net.bias) {
                    sumParts(l, false, t, 0);
                }
            }
            optimizer.update(net, grads, t, batchParts);
        }

        private void sumParts(int layer, boolean weights, int t, double l2) {
            double[] sum = (weights ? grads.w : grads.b)[layer].data;
            int n = (weights ? grads.w : grads.b)[layer].getNumElements();
            int from = Optimizer.from(n, t, batchParts);
            int to = Optimizer.from(n, t + 1, batchParts);
            // part 0's gradient is grads itself: add the others to it, one part after the other
            for (int p = 1; p < batchParts; p++) {
                double[] d = (weights ? parts[p].grads.w : parts[p].grads.b)[layer].data;
                for (int i = from; i < to; i++) {
                    sum[i] += d[i];
                }
            }
            if (l2 != 0) {
                // ∂/∂W += λ·W
                double[] w = net.w[layer].data;
                for (int i = from; i < to; i++) {
                    sum[i] += l2 * w[i];
                }
            }
        }

        /**
         * Gathers the training rows order[start..start+m) into the part's xb, yb, lb: each row's raw
         * features normalised (the values {@link Rows#of} computes), then written into its column.
         */
        private void gather(Part part, int start, int m) {
            Batch xb = part.xb;
            Batch yb = part.yb;
            xb.reshape(m);
            yb.reshape(m);
            double[] features = source.features();
            int cols = xb.units();
            double[] rows = part.rows;
            xb.exampleMajor = false;
            if (net.takesExampleMajorInput(m)) {
                // straight into OpenBLAS's layout, one normalised row per example: no transposition, no packing
                for (int i = 0; i < m; i++) {
                    int r = order[start + i];
                    source.normalizer().apply(features, source.rows()[r] * cols, rows, 0, cols);
                    BlasMatMul.putExample(xb, i, rows, 0, cols);
                    part.lb[i] = train.labels[r];
                }
                xb.exampleMajor = true;
                oneHot(part, yb, m);
                return;
            }
            // GATHERED rows at a time, so that each column receives that many adjacent values per pass
            for (int i = 0; i < m; i += GATHERED) {
                int count = Math.min(GATHERED, m - i);
                for (int q = 0; q < count; q++) {
                    int r = order[start + i + q];
                    source.normalizer().apply(features, source.rows()[r] * cols, rows, q * cols, cols);
                    part.lb[i + q] = train.labels[r];
                }
                if (count == GATHERED) {
                    for (int j = 0; j < cols; j++) {
                        double[] d = xb.row[j];
                        d[i] = rows[j];
                        d[i + 1] = rows[cols + j];
                        d[i + 2] = rows[2 * cols + j];
                        d[i + 3] = rows[3 * cols + j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        for (int q = 0; q < count; q++) {
                            xb.row[j][i + q] = rows[q * cols + j];
                        }
                    }
                }
            }
            oneHot(part, yb, m);
        }

        private static void oneHot(Part part, Batch yb, int m) {
            for (int c = 0; c < yb.units(); c++) {
                double[] d = yb.row[c];
                for (int i = 0; i < m; i++) {
                    d[i] = part.lb[i] == c ? 1 : 0;
                }
            }
        }

        private double evaluateLoss(Rows rows) {
            net.forward(rows.x, evalWs);
            lastAccuracy = (double) countCorrect(evalWs.output(), rows.labels, rows.size()) / rows.size();
            return Network.lossSum(config.loss(), net.output, evalWs.output(), rows.y) / rows.size();
        }

        EvaluationMetrics evaluate(Rows rows, TrainingData data) {
            net.forward(rows.x, evalWs);
            return EvaluationMetrics.of(evalWs.output(), rows.y, rows.labels, config.loss(), net.output,
                    data.classNames());
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
