package dev.backprop.training;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.backprop.engine.TrainingConfig;
import dev.backprop.model.TrainingSettings;

/**
 * One training job's life. Written by its worker thread, read by request and event threads:
 * every field that changes is volatile, and {@link #revision()} grows with each change so that
 * event streams know when there is something new to send.
 */
final class TrainingJob {

    final String id;
    final TrainingSettings settings;
    final TrainingConfig config;
    final Instant createdAt;

    private volatile JobStatus status = JobStatus.QUEUED;
    private volatile JobProgress progress;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile String modelId;
    private volatile boolean cancelRequested;
    private volatile Future<?> future;
    private final AtomicLong revision = new AtomicLong();
    /** Hears each job's final state exactly once, however it got there (run, cancel while queued, failure). */
    private final Consumer<JobStatus> onFinished;

    TrainingJob(String id, TrainingSettings settings, TrainingConfig config, Instant createdAt,
                Consumer<JobStatus> onFinished) {
        this.id = id;
        this.settings = settings;
        this.config = config;
        this.createdAt = createdAt;
        this.onFinished = onFinished;
        this.progress = JobProgress.start(config.epochs());
    }

    JobStatus status() {
        return status;
    }

    JobProgress progress() {
        return progress;
    }

    long revision() {
        return revision.get();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void attach(Future<?> future) {
        this.future = future;
    }

    /** @return false when the job had already finished */
    synchronized boolean requestCancel() {
        if (status.finished()) {
            return false;
        }
        cancelRequested = true;
        endIfQueued(JobStatus.CANCELLED, null);
        revision.incrementAndGet();
        return true;
    }

    /** Ends a job that has not started yet, taking it off the queue; a started job is left alone. */
    synchronized boolean endIfQueued(JobStatus outcome, String error) {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        Future<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
        finish(outcome, error, null);
        return true;
    }

    /** @return false when the job was cancelled while queued and must not run */
    synchronized boolean start() {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        status = JobStatus.RUNNING;
        startedAt = Instant.now();
        revision.incrementAndGet();
        return true;
    }

    void report(JobProgress next) {
        progress = next;
        revision.incrementAndGet();
    }

    synchronized void finish(JobStatus outcome, String error, String modelId) {
        if (status.finished()) {
            return;
        }
        this.error = error;
        this.modelId = modelId;
        this.finishedAt = Instant.now();
        this.status = outcome;
        revision.incrementAndGet();
        onFinished.accept(outcome);
    }

    Long durationMillis() {
        Instant start = startedAt;
        if (start == null) {
            return null;
        }
        Instant end = finishedAt != null ? finishedAt : Instant.now();
        return Duration.between(start, end).toMillis();
    }

    JobView view() {
        return new JobView(id, status, settings.datasetId(), settings.modelName(), settings, progress, createdAt,
                startedAt, finishedAt, durationMillis(), error, modelId);
    }
}
