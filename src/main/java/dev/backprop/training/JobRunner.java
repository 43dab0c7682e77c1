package dev.backprop.training;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.backprop.dataset.Dataset;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingCancelledException;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainingDivergedException;
import dev.backprop.engine.TrainingListener;
import dev.backprop.engine.TrainingResult;
import dev.backprop.model.ModelMetrics;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.Provenance;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Runs one job on the engine and records its outcome: a model, a readable error, or a cancellation. */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Progress snapshots are published at most this often; the engine reports every epoch. */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Trainer trainer = new Trainer();
    private final ModelRegistry models;
    private final MeterRegistry meters;
    private final String serviceVersion;
    private final DistributionSummary epochsPerSecond;

    JobRunner(ModelRegistry models, MeterRegistry meters, ObjectProvider<BuildProperties> build) {
        this.models = models;
        this.meters = meters;
        BuildProperties props = build.getIfAvailable();
        this.serviceVersion = props != null ? props.getVersion() : "dev";
        this.epochsPerSecond = DistributionSummary.builder("backprop.training.epochs.per.second")
                .description("Training speed of finished jobs").register(meters);
    }

    void checkCapacity() {
        models.checkCapacity();
    }

    /**
     * Runs a queued job to its end: SUCCEEDED with a model, FAILED with a readable error (its dataset
     * gone, divergence, a limit), or CANCELLED. Never throws, so no job is left QUEUED or RUNNING.
     */
    void run(TrainingJob job, Function<String, Dataset> datasets) {
        if (!job.start()) {
            return;
        }
        long started = System.nanoTime();
        ProgressListener listener = new ProgressListener(job);
        try {
            Dataset dataset = datasets.apply(job.settings.datasetId());
            // BRIDGE: replaced when the engine takes columns
            TrainingData data = TrainingDataBridge.of(dataset);
            TrainingResult result = trainer.train(job.config, data, listener);
            listener.publishLatest();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            TrainedModel model = models.register(new ModelRegistry.Draft(job.settings.modelName(), dataset.id(),
                    dataset.labelColumn(), job.settings, new ModelMetrics(result.train(), result.test()),
                    result.history(), new Provenance("training", dataset.sha256(), job.id, result.epochsRun(),
                            result.bestEpoch(), result.stoppedEarly(), millis, serviceVersion),
                    result.model()));
            job.finish(JobStatus.SUCCEEDED, null, model.id());
            epochsPerSecond.record(result.epochsRun() / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
        } catch (TrainingCancelledException e) {
            job.finish(JobStatus.CANCELLED, null, null);
        } catch (TrainingDivergedException | ApiException e) {
            job.finish(JobStatus.FAILED, e.getMessage(), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("Training job {} failed", job.id, e);
            job.finish(JobStatus.FAILED, "Training failed unexpectedly; the server log has the details (job "
                    + job.id + ")", null);
        } finally {
            Timer.builder("backprop.training.duration").tag("outcome", outcome(job.status()))
                    .description("Training job run time").register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts a job's final state; every job passes here once, cancelled-while-queued ones included. */
    void countFinished(JobStatus status) {
        Counter.builder("backprop.training.jobs").tag("outcome", outcome(status)).description("Finished training jobs")
                .register(meters).increment();
    }

    private static String outcome(JobStatus status) {
        return status.finished() ? status.name().toLowerCase(java.util.Locale.ROOT) : "failed";
    }

    /**
     * Turns engine callbacks into throttled progress snapshots and answers cancellation. The
     * throttle alone decides when to publish: at the first and last epoch, and whenever
     * {@link #PROGRESS_INTERVAL_NANOS} has passed, at an epoch's end or, for long epochs, after a batch.
     */
    private static final class ProgressListener implements TrainingListener {
        private final TrainingJob job;
        private long lastPublished = System.nanoTime();
        private int epoch;
        private int epochs;
        private double loss = Double.NaN;
        private double accuracy = Double.NaN;
        private double vLoss = Double.NaN;
        private double vAccuracy = Double.NaN;
        /** Whether the current epoch's figures go out when it ends: the first, or the interval is up. */
        private boolean due;

        ProgressListener(TrainingJob job) {
            this.job = job;
        }

        @Override
        public boolean wantsFigures(int epoch) {
            due = epoch == 1 || System.nanoTime() - lastPublished >= PROGRESS_INTERVAL_NANOS;
            return due;
        }

        @Override
        public void onEpoch(int epoch, int epochs, double loss, double accuracy, double vLoss, double vAccuracy) {
            this.epoch = epoch;
            this.epochs = epochs;
            if (!Double.isNaN(loss)) {
                // NaN here means the trainer skipped the figures (we did not want them): keep the last ones
                this.loss = loss;
                this.accuracy = accuracy;
            }
            if (!Double.isNaN(vLoss)) {
                this.vLoss = vLoss;
                this.vAccuracy = vAccuracy;
            }
            if (due || epoch == epochs) {
                publishLatest();
            }
        }

        @Override
        public void onBatch(int epoch, int batch, int batches) {
            if (batch < batches && System.nanoTime() - lastPublished >= PROGRESS_INTERVAL_NANOS) {
                // inside a long epoch: how far it has come, with the last finished epoch's figures
                lastPublished = System.nanoTime();
                job.report(JobProgress.within(epoch - 1, this.epochs == 0 ? job.config.epochs() : this.epochs,
                        (double) batch / batches, loss, accuracy, vLoss, vAccuracy));
            }
        }

        /** The last epoch's figures, also when early stopping ended the run before the throttle let them out. */
        void publishLatest() {
            if (epoch > 0) {
                lastPublished = System.nanoTime();
                job.report(JobProgress.of(epoch, epochs, loss, accuracy, vLoss, vAccuracy));
            }
        }

        @Override
        public boolean cancelled() {
            return job.cancelRequested() || Thread.currentThread().isInterrupted();
        }
    }
}
