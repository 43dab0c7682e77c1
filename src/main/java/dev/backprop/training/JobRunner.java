package dev.backprop.training;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.backprop.dataset.Dataset;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingCancelledException;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.TrainingDivergedException;
import dev.backprop.engine.TrainingListener;
import dev.backprop.engine.TrainingResult;
import dev.backprop.model.ModelMetrics;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.Provenance;
import dev.backprop.model.TrainedModel;
import dev.backprop.model.TrainingSettings;
import dev.backprop.system.ApiException;
import dev.backprop.system.TrainingProperties;
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

    private final Trainer trainer;
    private final ModelRegistry models;
    private final MeterRegistry meters;
    private final String serviceVersion;
    private final DistributionSummary epochsPerSecond;

    JobRunner(ModelRegistry models, MeterRegistry meters, ObjectProvider<BuildProperties> build,
              TrainingProperties training) {
        this.trainer = new Trainer(training.effectiveThreads());
        this.models = models;
        this.meters = meters;
        BuildProperties props = build.getIfAvailable();
        this.serviceVersion = props != null ? props.getVersion() : "dev";
        this.epochsPerSecond = DistributionSummary.builder("backprop.training.epochs.per.second")
                .description("Training speed of finished jobs").register(meters);
    }

    /**
     * Trains the case-study preset for {@code epochs} epochs on {@code dataset} and discards the result,
     * through the same listener class a job uses, so that the JIT compiles the loop for what jobs call.
     */
    void warmUp(Dataset dataset, int epochs) {
        TrainingConfig config = TrainingConfig.caseStudy(1).toBuilder().epochs(epochs).build();
        TrainingJob scratch = new TrainingJob("warm-up", TrainingSettings.of(dataset.id(), "warm-up", "seed-case-study",
                config), config, java.time.Instant.now());
        trainer.train(config, new TrainingData(dataset.features(), dataset.labels(), dataset.featureNames(),
                dataset.classNames()), new ProgressListener(scratch));
    }

    void checkCapacity() {
        models.checkCapacity();
    }

    void run(TrainingJob job, Dataset dataset) {
        if (!job.start()) {
            return;
        }
        long started = System.nanoTime();
        String outcome = "failed";
        ProgressListener listener = new ProgressListener(job);
        try {
            TrainingResult result = trainer.train(job.config, new TrainingData(dataset.features(), dataset.labels(),
                    dataset.featureNames(), dataset.classNames()), listener);
            listener.publishLatest();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            TrainedModel model = models.register(new ModelRegistry.Draft(job.settings.modelName(), dataset.id(),
                    dataset.labelColumn(), job.settings, new ModelMetrics(result.train(), result.test()),
                    result.history(), Provenance.trained(dataset.sha256(), job.id, result.epochsRun(),
                            result.bestEpoch(), result.stoppedEarly(), millis, serviceVersion, trainer.threads()),
                    result.model()));
            job.finish(JobStatus.SUCCEEDED, null, model.id());
            outcome = "succeeded";
            epochsPerSecond.record(result.epochsRun() / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
        } catch (TrainingCancelledException e) {
            job.finish(JobStatus.CANCELLED, null, null);
            outcome = "cancelled";
        } catch (TrainingDivergedException | ApiException e) {
            job.finish(JobStatus.FAILED, e.getMessage(), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("Training job {} failed", job.id, e);
            job.finish(JobStatus.FAILED, "Training failed unexpectedly; the server log has the details (job "
                    + job.id + ")", null);
        } finally {
            Counter.builder("backprop.training.jobs").tag("outcome", outcome).description("Finished training jobs")
                    .register(meters).increment();
            Timer.builder("backprop.training.duration").tag("outcome", outcome).description("Training job run time")
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** Turns per-epoch engine callbacks into throttled progress snapshots and answers cancellation. */
    private static final class ProgressListener implements TrainingListener {
        private final TrainingJob job;
        private long lastPublished;
        private int epoch;
        private int epochs;
        private double loss = Double.NaN;
        private double accuracy = Double.NaN;
        private double vLoss = Double.NaN;
        private double vAccuracy = Double.NaN;
        /** Whether the current epoch is one to publish: the first, the last, or the throttle's interval is up. */
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
                lastPublished = System.nanoTime();
                publishLatest();
            }
        }

        /** The last epoch's figures, also when early stopping ended the run before the throttle let them out. */
        void publishLatest() {
            if (epoch > 0) {
                job.report(JobProgress.of(epoch, epochs, loss, accuracy, vLoss, vAccuracy));
            }
        }

        @Override
        public boolean cancelled() {
            return job.cancelRequested() || Thread.currentThread().isInterrupted();
        }
    }
}
