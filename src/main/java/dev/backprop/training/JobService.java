package dev.backprop.training;

import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.backprop.dataset.DatasetDeleted;
import dev.backprop.system.DatabaseDefaults;
import dev.backprop.system.LimitsProperties;
import dev.backprop.system.Page;
import dev.backprop.system.ProblemType;
import dev.backprop.system.RetryLaterException;

/**
 * The jobs of every kind, on the one cluster-wide queue: admission (a full queue is back-pressure,
 * 429 with Retry-After, counting the queued jobs of every kind and replica), lookup, cancel, event
 * streams, and the replica's graceful stop. {@link TrainingService} submits training jobs here;
 * another module submits jobs of its own kind and runs them through its {@link JobWork}.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final long RETRY_AFTER_SECONDS = 10;

    private final JobStore jobs;
    private final JobQueue queue;
    private final JobRunner runner;
    private final JobEvents events;
    private final LimitsProperties limits;
    /** Whether jobs outlive this process (a file or server database): a stopping replica then re-queues its jobs. */
    private final boolean durable;

    JobService(JobStore jobs, JobQueue queue, JobRunner runner, JobEvents events, LimitsProperties limits,
               @Value("${spring.datasource.url:}") String databaseUrl) {
        this.jobs = jobs;
        this.queue = queue;
        this.runner = runner;
        this.events = events;
        this.limits = limits;
        this.durable = !DatabaseDefaults.inMemory(databaseUrl);
    }

    /**
     * Queues a new job ({@link JobState#queued}) for any replica's free worker and forgets the
     * oldest finished jobs of its kind beyond {@code keepFinished}.
     *
     * @throws RetryLaterException 429 when {@code backprop.limits.queue-length} jobs already wait
     */
    public JobState submit(JobState job, int keepFinished) {
        if (job.status() != JobStatus.QUEUED || job.attempt() != 0) {
            throw new IllegalArgumentException("a new job is queued and not yet attempted, was " + job);
        }
        if (jobs.count(JobStatus.QUEUED) >= limits.queueLength()) {
            throw new RetryLaterException(ProblemType.QUEUE_FULL, "The job queue is full (" + limits.queueLength()
                    + " jobs waiting, training and scoring alike; backprop.limits.queue-length); retry later",
                    RETRY_AFTER_SECONDS);
        }
        jobs.insert(job);
        queue.enqueue(job.id());
        jobs.trimFinished(job.kind(), keepFinished);
        return job;
    }

    /** Any kind: the caller checks that it is one of its own. */
    public Optional<JobState> find(String id) {
        return jobs.find(id);
    }

    /**
     * Newest first, of one kind; {@code model} (a model id or name: the jobs whose model has that id or
     * name) and {@code status} null for any.
     */
    public Page<JobState> page(String kind, String model, JobStatus status, Page.Request request) {
        return jobs.page(kind, model, status, request);
    }

    /** Forgets the oldest finished jobs of {@code kind} beyond {@code keep}. */
    public void trimFinished(String kind, int keep) {
        jobs.trimFinished(kind, keep);
    }

    /** Forgets a finished job (and, by the database's cascades, what its kind stored for it); @return whether it did */
    public boolean forgetFinished(String id) {
        return jobs.forgetFinished(id);
    }

    /** What a cancel did. */
    public enum Cancellation { NOT_FOUND, ALREADY_FINISHED, ACCEPTED }

    /**
     * Cancels a queued job at once, or asks a running one to stop: it stops at its next check
     * (batch, chunk), within a second wherever it runs.
     */
    public Cancellation cancel(String id) {
        Optional<JobState> job = jobs.find(id);
        return switch (jobs.requestCancel(id)) {
            case NOT_FOUND -> Cancellation.NOT_FOUND;
            case ALREADY_FINISHED -> Cancellation.ALREADY_FINISHED;
            case CANCELLED_WHILE_QUEUED -> {
                queue.drop(id);
                runner.countFinished(job.map(JobState::kind).orElse(JobState.TRAINING), JobStatus.CANCELLED);
                events.nudge(id);
                yield Cancellation.ACCEPTED;
            }
            case REQUESTED -> {
                runner.cancelLocally(id);
                yield Cancellation.ACCEPTED;
            }
        };
    }

    /**
     * Server-Sent Events for a job that exists: {@code progress} events while it changes, then
     * {@code done}; each event's data is {@code view} of the job.
     */
    public SseEmitter follow(String id, Function<JobState, ?> view) {
        return events.subscribe(id, view);
    }

    /** Queued jobs on a deleted dataset end now, rather than when a worker reaches them. */
    @EventListener
    void datasetDeleted(DatasetDeleted deleted) {
        for (String id : jobs.queuedOn(deleted.id())) {
            Optional<JobState> job = jobs.find(id);
            if (jobs.endIfQueued(id, JobStatus.FAILED, "Dataset '" + deleted.id() + "' was deleted while the job was "
                    + "queued; upload it again and resubmit the job")) {
                queue.drop(id);
                runner.countFinished(job.map(JobState::kind).orElse(JobState.TRAINING), JobStatus.FAILED);
            }
        }
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

    String worker() {
        return queue.worker();
    }

    /**
     * Graceful shutdown, first of all (before the web server drains its requests): the runs on this
     * replica, of every kind, stop at their next batch or chunk — back into the queue when jobs
     * outlive the process (another replica, or this one after a restart, runs them again from the
     * start, a training with the same seed), else CANCELLED. Nothing is half-stored; event streams
     * then send their last event and close.
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
            log.warn("{} job runs did not stop within 15 s", runner.runningHere());
        }
        queue.stop();
    }
}
