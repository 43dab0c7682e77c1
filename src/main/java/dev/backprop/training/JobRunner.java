package dev.backprop.training;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.engine.Trainer;
import dev.backprop.engine.TrainingCancelledException;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.engine.TrainingData;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingDivergedException;
import dev.backprop.engine.TrainingListener;
import dev.backprop.engine.TrainingResult;
import dev.backprop.engine.WeightInit;
import dev.backprop.model.ModelMetrics;
import dev.backprop.model.ModelRegistry;
import dev.backprop.model.Provenance;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.StorageFailures;
import dev.backprop.system.TrainingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs jobs on this replica's workers and records their outcome: a model (training) or a result
 * (a {@link JobWork}'s, e.g. a batch scoring), a readable error, a cancellation, or — when the
 * replica stops — the job back in the queue for another worker.
 * Every write is made under the run's attempt number, so a run that lost its job (its replica
 * was presumed dead and another took over) changes nothing.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Progress reaches the database at most this often (≤ 4 writes per second per job). */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Trainer trainer;
    private final DatasetCatalog datasets;
    private final ModelRegistry models;
    private final JobStore jobs;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final JobEvents events;
    private final String serviceVersion;
    private final DistributionSummary epochsPerSecond;
    /** The other kinds of job this replica runs, by kind. */
    private final Map<String, JobWork> works;
    /** The runs on this replica, by job id. */
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    /**
     * The replica is stopping: a job that a worker had fetched before the queue paused is handed
     * back unclaimed (for another replica) instead of being started here and stopped half-way.
     */
    private volatile boolean stopping;

    JobRunner(DatasetCatalog datasets, ModelRegistry models, JobStore jobs, TransactionTemplate tx, MeterRegistry meters,
              ObjectProvider<BuildProperties> build, TrainingProperties training, JsonMapper json, List<JobWork> works,
              LimitsProperties limits, JobEvents events) {
        this.trainer = new Trainer(training.effectiveThreads());
        this.limits = limits;
        this.events = events;
        this.datasets = datasets;
        this.models = models;
        this.jobs = jobs;
        this.tx = tx;
        this.meters = meters;
        this.json = json;
        BuildProperties props = build.getIfAvailable();
        this.serviceVersion = props != null ? props.getVersion() : "dev";
        this.epochsPerSecond = DistributionSummary.builder("backprop.training.epochs.per.second")
                .description("Training speed of finished jobs").register(meters);
        Map<String, JobWork> byKind = new HashMap<>();
        for (JobWork work : works) {
            if (JobState.TRAINING.equals(work.kind()) || byKind.put(work.kind(), work) != null) {
                throw new IllegalStateException("the kind of job '" + work.kind() + "' is taken");
            }
        }
        this.works = Map.copyOf(byKind);
    }

    /** How a run on this replica is asked to stop. */
    static final class Run {
        volatile boolean cancel;
        /** The replica is stopping: put the job back in the queue instead of ending it. */
        volatile boolean requeue;
        /** Another replica owns the job now (this one was presumed dead): write nothing more. */
        volatile boolean lost;

        boolean stopping() {
            return cancel || requeue || lost || Thread.currentThread().isInterrupted();
        }
    }

    /**
     * Trains the case-study preset for {@code epochs} epochs on {@code dataset} and discards the result,
     * through the same listener class a job uses (writing nothing), so that the JIT compiles the loop
     * for what jobs call.
     */
    void warmUp(Dataset dataset, int epochs) {
        TrainingConfig config = TrainingConfig.caseStudy(1).toBuilder().epochs(epochs).build();
        trainer.train(config, DatasetData.of(dataset, Task.CLASSIFICATION), new ProgressListener(null, config.epochs(),
                new Run()));
    }

    /**
     * Synthetic rows for {@link #warmUpMiniBatches}: 6 000 × 64 in {@code classes} classes. Made by the
     * warm-up for its rounds and dropped after them, so that no memory stays taken once it is done.
     */
    static TrainingData warmUpData(int classes) {
        int rows = 6_000;
        int features = 64;
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[r * features + j] = rng.nextGaussian() + (j % classes == y[r] ? 0.5 : 0);
            }
        }
        return TrainingData.of(x, y, IntStream.range(0, features).mapToObj(i -> "f" + i).toList(),
                IntStream.range(0, classes).mapToObj(c -> "c" + c).toList());
    }

    /** The kinds of mini-batch run the start-up warm-up trains, each on its own path through the trainer. */
    enum WarmUp {
        /** relu [128, 64], batches of 128: OpenBLAS products, a batch shared by both threads. */
        WIDE(3),
        /**
         * relu [64], batches of 128: OpenBLAS products, a batch too small to share (one thread); ten classes,
         * so that the output layer (10 × 64) goes to OpenBLAS too, where three classes' goes to the plain loops.
         */
        NARROW(10),
        /** the defaults: tanh [32], batches of 32, the small-shape loops. */
        DEFAULTS(3);

        /** The classes of the rows it trains on ({@link #warmUpData}). */
        final int classes;

        WarmUp(int classes) {
            this.classes = classes;
        }
    }

    /**
     * Trains two epochs of mini-batches on {@code rows} ({@link #warmUpData} of the kind's classes) and
     * discards the result, through a job's listener class, so that the JIT has compiled what the first
     * jobs after start-up call.
     */
    void warmUpMiniBatches(WarmUp kind, TrainingData rows) {
        TrainingConfig defaults = TrainingConfig.defaults(1).toBuilder().epochs(2).build();
        TrainingConfig config = switch (kind) {
            case WIDE -> defaults.toBuilder().hiddenLayers(List.of(128, 64)).activation(Activation.RELU)
                    .weightInit(WeightInit.HE).learningRate(0.001).batchSize(128).build();
            case NARROW -> defaults.toBuilder().hiddenLayers(List.of(64)).activation(Activation.RELU)
                    .weightInit(WeightInit.HE).learningRate(0.001).batchSize(128).build();
            case DEFAULTS -> defaults;
        };
        trainer.train(config, rows, new ProgressListener(null, config.epochs(), new Run()));
    }

    /**
     * What became of a run: ended, back in the queue (this replica is stopping), or not started
     * because this replica does not run jobs of its kind (a newer replica of a rolling update does).
     */
    enum Ending { DONE, REQUEUED, NOT_HERE }

    /** @param model the model a successful run registered, else null */
    record Outcome(Ending ending, TrainedModel model) {
        static final Outcome DONE = new Outcome(Ending.DONE, null);
    }

    /**
     * Claims and runs a queued job on the calling worker thread. Never throws: every job it claims
     * ends SUCCEEDED, FAILED or CANCELLED, or goes back to the queue when this replica stops.
     */
    Ending execute(String jobId, String worker) {
        Ending ending = claimAndRun(jobId, worker);
        events.nudge(jobId);
        return ending;
    }

    private Ending claimAndRun(String jobId, String worker) {
        if (stopping) {
            return Ending.REQUEUED;
        }
        // the kind (which never changes) decides what the job starts from and who runs it
        Optional<JobState> queued = jobs.find(jobId);
        if (queued.isEmpty() || queued.get().status().finished()) {
            return Ending.DONE;
        }
        String kind = queued.get().kind();
        if (JobState.TRAINING.equals(kind)) {
            int epochs = JobRecord.of(queued.get(), json).config().config().epochs();
            return jobs.claim(jobId, worker, JobProgress.start(epochs))
                    .map(claimed -> run(JobRecord.of(claimed, json), "training").ending()).orElse(Ending.DONE);
        }
        JobWork work = works.get(kind);
        if (work == null) {
            log.warn("Job {} is a '{}' job, which this replica does not run; it stays queued for one that does",
                    jobId, kind);
            return Ending.NOT_HERE;
        }
        return jobs.claim(jobId, worker, work.startProgress(queued.get())).map(claimed -> run(work, claimed))
                .orElse(Ending.DONE);
    }

    /** Runs a claimed job of another kind through its work, and records the outcome as for training. */
    private Ending run(JobWork work, JobState job) {
        Run run = new Run();
        running.put(job.id(), run);
        long started = System.nanoTime();
        JobRun handle = new JobRun(job, jobs, run);
        String outcome = "failed";
        try {
            JobWork.Success success = work.run(handle);
            boolean stored = Boolean.TRUE.equals(tx.execute(status -> {
                success.commitWith().run();
                if (!jobs.finish(job.id(), job.attempt(), JobStatus.SUCCEEDED, null, null, success.progress(),
                        success.result())) {
                    // another replica re-ran this job: its result stands, this one is not stored
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            }));
            if (stored) {
                outcome = "succeeded";
                countFinished(job.kind(), JobStatus.SUCCEEDED);
            } else {
                outcome = null;
                log.warn("{} job {} attempt {} finished after another replica took the job over; its result is dropped",
                        job.kind(), job.id(), job.attempt());
            }
        } catch (JobStoppedException e) {
            outcome = null;
            if (run.requeue && !run.cancel && !run.lost) {
                if (jobs.requeue(job.id(), job.attempt(), work.startProgress(job))) {
                    return Ending.REQUEUED;
                }
            } else if (!run.lost) {
                outcome = "cancelled";
                end(job.kind(), job.id(), job.attempt(), run, JobStatus.CANCELLED, null, handle.latest());
            }
        } catch (ApiException | IllegalArgumentException e) {
            end(job.kind(), job.id(), job.attempt(), run, JobStatus.FAILED, e.getMessage(), handle.latest());
        } catch (RuntimeException | OutOfMemoryError e) {
            end(job.kind(), job.id(), job.attempt(), run, JobStatus.FAILED, unexpected(job.kind(), job.id(), e),
                    handle.latest());
        } finally {
            running.remove(job.id());
            if (outcome != null) {
                Timer.builder("backprop." + job.kind() + ".duration").tag("outcome", outcome)
                        .description("Job run time").register(meters).record(System.nanoTime() - started,
                                TimeUnit.NANOSECONDS);
            }
        }
        return Ending.DONE;
    }

    /**
     * The error a job shows for a failure that is not the user's: what the store refused, in the
     * API's words (logged as a warning), or a pointer to the log, where the failure goes in full.
     */
    private static String unexpected(String kind, String jobId, Throwable e) {
        Optional<StorageFailures.StorageProblem> storage = StorageFailures.classify(e);
        if (storage.isPresent()) {
            log.warn("{} job {} could not store its result: {}", kind, jobId, e.getMessage());
            return storage.get().detail();
        }
        log.error("{} job {} failed", kind, jobId, e);
        return capitalized(kind) + " failed unexpectedly; the server log has the details (job " + jobId + ")";
    }

    private static String capitalized(String kind) {
        return kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1);
    }

    /**
     * What a run may spend on speed (a row-major copy of its data): what admission left of the
     * job's share, but at most a sixteenth of the heap. The shares are sized for the worst case
     * of each and together leave little: at -Xmx256m a 40 MB copy beside four parallel 100 000-row
     * predictions ran the heap out (SmallHeapServiceTests).
     */
    static long spareBytes(long share, long estimate, long maxHeap) {
        return Math.max(0, Math.min(share - estimate, maxHeap / 16));
    }

    /** Runs an already claimed job on the calling thread (start-up's built-in model). */
    Outcome run(JobRecord job, String source) {
        Run run = new Run();
        running.put(job.id(), run);
        long started = System.nanoTime();
        ProgressListener listener = new ProgressListener(job, job.config().config().epochs(), run);
        String outcome = "failed";
        try {
            Dataset dataset = datasets.find(job.datasetId()).orElseThrow(() -> ApiException.conflict("Dataset '"
                    + job.datasetId() + "' was deleted before the job started; upload it again and resubmit the job"));
            TrainingConfig config = job.config().config();
            long spare = spareBytes(limits.trainingMemoryPerJob(),
                    ConfigResolver.memoryBytes(config, dataset, trainer.threads()), Runtime.getRuntime().maxMemory());
            TrainingResult result = trainer.train(config, DatasetData.of(dataset, config.task()), listener, spare);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            JobProgress last = listener.latest();
            ModelRegistry.Draft draft = new ModelRegistry.Draft(job.modelName(), dataset.id(), dataset.labelColumn(),
                    job.config(), new ModelMetrics(result.train(), result.test()), result.history(),
                    Provenance.trained(source, dataset.sha256(), job.id(), result.epochsRun(), result.bestEpoch(),
                            result.stoppedEarly(), millis, serviceVersion, trainer.threads()), result.model());
            TrainedModel model = tx.execute(status -> {
                TrainedModel registered = models.register(draft);
                if (!jobs.finish(job.id(), job.attempt(), JobStatus.SUCCEEDED, null, registered.id(), last, null)) {
                    // another replica re-ran this job: its result stands, this one is not stored
                    status.setRollbackOnly();
                    return null;
                }
                return registered;
            });
            if (model == null) {
                outcome = null;
                log.warn("Job {} attempt {} finished after another replica took the job over; its model is dropped",
                        job.id(), job.attempt());
            } else {
                outcome = "succeeded";
                countFinished(JobState.TRAINING, JobStatus.SUCCEEDED);
                epochsPerSecond.record(result.epochsRun() / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
                return new Outcome(Ending.DONE, model);
            }
        } catch (TrainingCancelledException e) {
            if (run.lost) {
                outcome = null;
            } else if (run.requeue && !run.cancel) {
                outcome = null;
                if (jobs.requeue(job.id(), job.attempt(), JobProgress.start(job.config().config().epochs()))) {
                    return new Outcome(Ending.REQUEUED, null);
                }
            } else {
                outcome = "cancelled";
                end(job, run, JobStatus.CANCELLED, null, listener.latest());
            }
        } catch (TrainingDivergedException | ApiException | IllegalArgumentException e) {
            end(job, run, JobStatus.FAILED, e.getMessage(), listener.latest());
        } catch (RuntimeException | OutOfMemoryError e) {
            end(job, run, JobStatus.FAILED, unexpected(JobState.TRAINING, job.id(), e), listener.latest());
        } finally {
            running.remove(job.id());
            if (outcome != null) {
                Timer.builder("backprop.training.duration").tag("outcome", outcome).description("Training job run time")
                        .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }
        return Outcome.DONE;
    }

    private void end(JobRecord job, Run run, JobStatus status, String error, JobProgress progress) {
        end(JobState.TRAINING, job.id(), job.attempt(), run, status, error, progress);
    }

    private void end(String kind, String id, int attempt, Run run, JobStatus status, String error, Object progress) {
        if (!run.lost && jobs.finish(id, attempt, status, error, null, progress, null)) {
            countFinished(kind, status);
        }
    }

    /**
     * Counts a job's final state as {@code backprop.<kind>.jobs} ({@code backprop.training.jobs},
     * {@code backprop.scoring.jobs}); every job passes here once, cancelled-while-queued ones included.
     */
    void countFinished(String kind, JobStatus status) {
        Counter.builder("backprop." + kind + ".jobs").tag("outcome", status.name().toLowerCase(Locale.ROOT))
                .description("Finished jobs").register(meters).increment();
    }

    /** A cancel that reached this replica: its run stops at the next batch, without waiting for its next report. */
    void cancelLocally(String jobId) {
        Run run = running.get(jobId);
        if (run != null) {
            run.cancel = true;
        }
    }

    /** The replica is stopping: every run here stops at its next batch, and goes back to the queue if {@code requeue}. */
    void stopAll(boolean requeue) {
        stopping = true;
        for (Run run : running.values()) {
            run.requeue = requeue;
            run.cancel |= !requeue;
        }
    }

    int runningHere() {
        return running.size();
    }

    /**
     * Turns engine callbacks into throttled progress writes and answers cancellation. The throttle
     * alone decides when to write: at the first and last epoch, and whenever
     * {@link #PROGRESS_INTERVAL_NANOS} has passed, at an epoch's end or, for long epochs, after a batch.
     * Each write also reads the job's cancel flag, so a cancel on any replica stops the run.
     */
    private final class ProgressListener implements TrainingListener {
        private final JobRecord job;
        private final Run run;
        private long lastPublished = System.nanoTime();
        private int epoch;
        private int epochs;
        private double loss = Double.NaN;
        private double accuracy = Double.NaN;
        private double vLoss = Double.NaN;
        private double vAccuracy = Double.NaN;
        /** Whether the current epoch's figures go out when it ends: the first, or the interval is up. */
        private boolean due;

        /** @param job null for a warm-up run, which writes nothing */
        ProgressListener(JobRecord job, int epochs, Run run) {
            this.job = job;
            this.run = run;
            this.epochs = epochs;
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
            if (due && epoch < epochs) {
                publish(latest());
            }
        }

        @Override
        public void onBatch(int epoch, int batch, int batches) {
            if (batch < batches && System.nanoTime() - lastPublished >= PROGRESS_INTERVAL_NANOS) {
                // inside a long epoch: how far it has come, with the last finished epoch's figures
                publish(JobProgress.within(epoch - 1, epochs, (double) batch / batches, loss, accuracy, vLoss,
                        vAccuracy));
            }
        }

        /** The last finished epoch's figures (written with the job's outcome). */
        JobProgress latest() {
            return epoch == 0 ? null : JobProgress.of(epoch, epochs, loss, accuracy, vLoss, vAccuracy);
        }

        private void publish(JobProgress progress) {
            lastPublished = System.nanoTime();
            if (job == null) {
                return;
            }
            Optional<Boolean> cancel = jobs.report(job.id(), job.attempt(), progress);
            events.nudge(job.id());
            if (cancel.isEmpty()) {
                run.lost = true;
            } else if (cancel.get()) {
                run.cancel = true;
            }
        }

        @Override
        public boolean cancelled() {
            return run.stopping();
        }
    }
}
