package dev.backprop.training;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.system.ApiException;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.ProblemType;
import dev.backprop.system.TooManyRequestsException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;

/**
 * Accepts training jobs and runs them on a bounded pool of worker threads, separate from the
 * request threads. A full queue is back-pressure (429 with Retry-After), not a pile-up.
 */
@Service
public class TrainingService {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    private static final long RETRY_AFTER_SECONDS = 10;

    private final DatasetCatalog datasets;
    private final JobStore jobs;
    private final JobRunner runner;
    private final LimitsProperties limits;
    private final ConfigResolver resolver;
    private final ThreadPoolExecutor executor;
    private final SecureRandom seeds = new SecureRandom();

    TrainingService(DatasetCatalog datasets, JobStore jobs, JobRunner runner, LimitsProperties limits,
                    MeterRegistry meters) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.runner = runner;
        this.limits = limits;
        this.resolver = new ConfigResolver(limits);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(limits.concurrentJobs(), limits.concurrentJobs(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queueLength())), r -> {
                    Thread t = new Thread(r, "training-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Gauge.builder("backprop.training.queue.length", executor, e -> e.getQueue().size())
                .description("Training jobs waiting for a worker").register(meters);
        Gauge.builder("backprop.training.running", executor, ThreadPoolExecutor::getActiveCount)
                .description("Training jobs running").register(meters);
    }

    /** Validates the request and queues the job; answers at once. */
    JobView submit(TrainingRequest request) {
        return submit(request, List.of());
    }

    /**
     * Validates the request and queues the job; answers at once.
     *
     * @param readProblems fields found bad while the body was read, reported with any others
     */
    JobView submit(TrainingRequest request, List<FieldProblem> readProblems) {
        TrainingJob job = create(request, readProblems);
        try {
            job.attach(executor.submit(() -> {
                runner.run(job, datasets.require(job.settings.datasetId()));
                jobs.trimFinished(limits.finishedJobs());
            }));
        } catch (RejectedExecutionException e) {
            throw new TooManyRequestsException(ProblemType.QUEUE_FULL, "The training queue is full (" + limits.queueLength()
                    + " jobs waiting, backprop.limits.queue-length); retry later", RETRY_AFTER_SECONDS);
        }
        jobs.add(job);
        jobs.trimFinished(limits.finishedJobs());
        return job.view();
    }

    /** Trains on the calling thread (start-up's built-in model); the job is listed like any other. */
    public JobView runNow(String datasetId, String modelName, long seed) {
        TrainingJob job = create(TrainingRequest.of(datasetId, modelName, seed), List.of());
        jobs.add(job);
        runner.run(job, datasets.require(datasetId));
        return job.view();
    }

    private TrainingJob create(TrainingRequest request, List<FieldProblem> readProblems) {
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            List<FieldProblem> problems = new ArrayList<>(readProblems);
            problems.add(FieldProblem.inBody("datasetId", "datasetId is required"));
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, problems);
        }
        Dataset dataset = datasets.require(request.datasetId());
        ConfigResolver.Resolved resolved = resolver.resolve(request, dataset, seeds.nextLong(), readProblems);
        runner.checkCapacity();
        return new TrainingJob(UUID.randomUUID().toString(), resolved.settings(), resolved.config(), Instant.now());
    }

    TrainingJob require(String id) {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("Training job", id));
    }

    List<JobView> list(JobStatus status) {
        // a job that finished a moment ago may not be trimmed yet by its worker
        jobs.trimFinished(limits.finishedJobs());
        return jobs.all().stream().filter(j -> status == null || j.status() == status).map(TrainingJob::view).toList();
    }

    JobView cancel(String id) {
        TrainingJob job = require(id);
        if (!job.requestCancel()) {
            throw ApiException.conflict("Training job '" + id + "' has already finished (" + job.status() + ")");
        }
        // drops a cancelled queued job from the queue now rather than when a worker reaches it
        executor.purge();
        return job.view();
    }

    int queued() {
        return executor.getQueue().size();
    }

    int running() {
        return executor.getActiveCount();
    }

    int capacity() {
        return limits.concurrentJobs() + limits.queueLength();
    }

    /** Graceful shutdown: running jobs stop at their next batch and end CANCELLED; nothing half-stored. */
    @PreDestroy
    void shutdown() throws InterruptedException {
        for (TrainingJob job : jobs.all()) {
            job.requestCancel();
        }
        executor.shutdown();
        if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
            log.warn("Training workers did not stop within 15 s; interrupting them");
            executor.shutdownNow();
        }
    }
}
