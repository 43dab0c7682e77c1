package dev.backprop.training;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.dataset.DatasetDeleted;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.model.ModelRegistry;
import dev.backprop.system.ApiException;
import dev.backprop.system.DatabaseDefaults;
import dev.backprop.system.ProblemType;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.Page;
import dev.backprop.system.RetryLaterException;
import dev.backprop.system.TrainingProperties;

/**
 * Accepts training jobs into the cluster-wide queue and answers for them from any replica. A full
 * queue is back-pressure (429 with Retry-After), not a pile-up; the bound counts queued jobs of
 * every replica.
 */
@Service
public class TrainingService {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    private static final long RETRY_AFTER_SECONDS = 10;

    private final DatasetCatalog datasets;
    private final ModelRegistry models;
    private final JobStore jobs;
    private final JobRunner runner;
    private final JobQueue queue;
    private final LimitsProperties limits;
    private final ConfigResolver resolver;
    /** Whether jobs outlive this process (a file or server database): a stopping replica then re-queues its jobs. */
    private final boolean durable;
    private final SecureRandom seeds = new SecureRandom();

    TrainingService(DatasetCatalog datasets, ModelRegistry models, JobStore jobs, JobRunner runner, JobQueue queue, LimitsProperties limits,
                    TrainingProperties training, @Value("${spring.datasource.url:}") String databaseUrl) {
        this.datasets = datasets;
        this.models = models;
        this.jobs = jobs;
        this.runner = runner;
        this.queue = queue;
        this.limits = limits;
        this.resolver = new ConfigResolver(limits, training.effectiveThreads());
        this.durable = !DatabaseDefaults.inMemory(databaseUrl);
    }

    /** Validates the request and queues the job; answers at once. */
    JobView submit(TrainingRequest request) {
        JobRecord job = create(request);
        if (jobs.count(JobStatus.QUEUED) >= limits.queueLength()) {
            throw new RetryLaterException(ProblemType.QUEUE_FULL, "The training queue is full (" + limits.queueLength()
                    + " jobs waiting, backprop.limits.queue-length); retry later", RETRY_AFTER_SECONDS);
        }
        jobs.insert(job);
        queue.enqueue(job.id());
        jobs.trimFinished(limits.finishedJobs());
        return job.view();
    }

    /**
     * Trains on the calling thread, outside the queue (start-up's built-in model, inside the caller's
     * transaction); the job is listed like any other.
     */
    JobRunner.Outcome runNow(TrainingRequest request, String source) {
        JobRecord job = create(request);
        jobs.insert(job);
        JobRecord claimed = jobs.claim(job.id(), queue.worker(), JobProgress.start(0)).orElseThrow();
        return runner.run(claimed, source);
    }

    private JobRecord create(TrainingRequest request) {
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            // the settings are judged too, so that one answer names everything to fix
            java.util.List<TrainingConfig.FieldError> errors = new java.util.ArrayList<>();
            try {
                TrainingConfig.of(request.settings(), TrainingConfig.defaults(0));
            } catch (TrainingConfig.InvalidConfigException e) {
                errors.addAll(e.errors());
            }
            errors.add(new TrainingConfig.FieldError("datasetId", "datasetId is required"));
            throw ConfigResolver.invalid(errors);
        }
        Dataset dataset = datasets.require(request.datasetId());
        ConfigResolver.Resolved resolved = resolver.resolve(request, dataset, seeds.nextLong(TrainingConfig.SEED_BOUND));
        models.checkCapacity();
        return new JobRecord(UUID.randomUUID().toString(), JobStatus.QUEUED, dataset.id(),
                resolved.settings().modelName(), resolved.settings(), JobProgress.start(resolved.config().epochs()),
                Instant.now(), null, null, null, null, 0, false, null, 0);
    }

    /** Queued jobs on a deleted dataset end now, rather than when a worker reaches them. */
    @EventListener
    void datasetDeleted(DatasetDeleted deleted) {
        for (String id : jobs.queuedOn(deleted.id())) {
            if (jobs.endIfQueued(id, JobStatus.FAILED, "Dataset '" + deleted.id() + "' was deleted while the job was "
                    + "queued; upload it again and resubmit the job")) {
                queue.drop(id);
                runner.countFinished(JobStatus.FAILED);
            }
        }
    }

    JobView require(String id) {
        return jobs.find(id).map(JobRecord::view).orElseThrow(() -> ApiException.notFound("Training job", id));
    }

    Page<JobView> list(JobStatus status, Page.Request page) {
        jobs.trimFinished(limits.finishedJobs());
        return jobs.page(status, page).map(JobRecord::view);
    }

    JobView cancel(String id) {
        switch (jobs.requestCancel(id)) {
            case NOT_FOUND -> throw ApiException.notFound("Training job", id);
            case ALREADY_FINISHED -> throw ApiException.conflict("Training job '" + id + "' has already finished ("
                    + require(id).status() + ")");
            case CANCELLED_WHILE_QUEUED -> {
                queue.drop(id);
                runner.countFinished(JobStatus.CANCELLED);
            }
            case REQUESTED -> runner.cancelLocally(id);
        }
        return require(id);
    }

    long queued() {
        return jobs.count(JobStatus.QUEUED);
    }

    long running() {
        return jobs.count(JobStatus.RUNNING);
    }

    int capacity() {
        return limits.concurrentJobs() + limits.queueLength();
    }

    /**
     * Graceful shutdown, first of all (before the web server drains its requests): the runs on this
     * replica stop at their next batch — back into the queue when jobs outlive the process (another
     * replica, or this one after a restart, runs them again from the start with the same seed), else
     * CANCELLED. Nothing is half-stored; event streams then send their last event and close.
     */
    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void shutdown() throws InterruptedException {
        // first stop claiming, so that a job put back below goes to another replica, not to this one again
        queue.pause();
        runner.stopAll(durable);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (runner.runningHere() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (runner.runningHere() > 0) {
            log.warn("{} training runs did not stop within 15 s", runner.runningHere());
        }
        queue.stop();
    }
}
