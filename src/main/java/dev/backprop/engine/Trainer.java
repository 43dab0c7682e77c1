package dev.backprop.engine;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;

/**
 * Trains a network by backpropagation. Everything the epoch loop touches is declared before the
 * loop (work matrices are reshaped, never re-created), so an epoch allocates nothing.
 * One trainer may run several trainings, one at a time or concurrently: it holds no state.
 */
public final class Trainer {

    private final MatMul matmul;

    public Trainer() {
        this(MatMul.EJML);
    }

    Trainer(MatMul matmul) {
        this.matmul = matmul;
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

        Run run = new Run(config, net, train, validation, test, shuffleRng, listener);
        run.loop();

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
        private final Workspace ws;
        private final Workspace evalWs;
        private final Gradients grads;
        private final Optimizer optimizer;
        private final Batch xb;
        private final Batch yb;
        private final int[] lb;
        private final int[] order;
        private final Network best;

        int epochsRun;
        int bestEpoch;
        boolean stoppedEarly;

        Run(TrainingConfig config, Network net, Rows train, Rows validation, Rows test,
            SplittableRandom shuffleRng, TrainingListener listener) {
            this.config = config;
            this.net = net;
            this.train = train;
            this.validation = validation;
            this.test = test;
            this.shuffleRng = shuffleRng;
            this.listener = listener;
            this.history = new HistoryRecorder(config.epochs());
            int n = train.size();
            batch = config.batchSize() == 0 ? n : Math.min(config.batchSize(), n);
            fullBatch = batch == n;
            ws = new Workspace(net.sizes, batch);
            int evalRows = Math.max(validation == null ? 1 : validation.size(), test == null ? 1 : test.size());
            evalWs = new Workspace(net.sizes, Math.max(evalRows, n));
            grads = new Gradients(net);
            optimizer = Optimizer.create(config.optimizer(), config.learningRate(), net);
            xb = new Batch(net.sizes[0], batch);
            yb = new Batch(net.sizes[net.sizes.length - 1], batch);
            lb = new int[batch];
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            best = config.earlyStopping() != null && config.earlyStopping().restoreBest()
                    ? new Network(net.sizes, net.hidden, net.output, net.bias, MatMul.EJML) : null;
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
                Batch x = train.x;
                Batch y = train.y;
                int[] labels = train.labels;
                if (!fullBatch) {
                    gather(start, m);
                    x = xb;
                    y = yb;
                    labels = lb;
                }
                net.forward(x, ws);
                if (figures) {
                    lossSum += Network.lossSum(config.loss(), net.output, ws.output(), y);
                    correct += countCorrect(ws.output(), labels, m);
                }
                double scale = config.reduction() == Reduction.MEAN ? 1.0 / m : 1.0;
                net.backward(x, y, config.loss(), scale, config.l2(), ws, grads);
                optimizer.step(net, grads);
                if (listener.cancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                listener.onBatch(epoch, start / batch + 1, batches);
            }
            return correct;
        }

        /** Copies the columns order[start..start+m) of the training rows into xb, yb, lb. */
        private void gather(int start, int m) {
            gatherColumns(train.x, xb, start, m);
            gatherColumns(train.y, yb, start, m);
            for (int i = 0; i < m; i++) {
                lb[i] = train.labels[order[start + i]];
            }
        }

        private void gatherColumns(Batch from, Batch to, int start, int m) {
            to.reshape(m);
            for (int k = 0; k < to.units(); k++) {
                double[] f = from.row[k];
                double[] d = to.row[k];
                for (int i = 0; i < m; i++) {
                    d[i] = f[order[start + i]];
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
