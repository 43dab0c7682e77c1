package dev.backprop.training;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backprop.system.Page;

/**
 * Job records of every kind, shared by every replica. Each state change is one conditional
 * update, so two replicas never both start, finish or cancel the same job. Values written as
 * {@code Object} (progress, result) are stored as their JSON.
 */
interface JobStore {

    void insert(JobState job);

    Optional<JobState> find(String id);

    /**
     * Newest first, of one kind, optionally only one status and only the jobs of one model:
     * {@code model} is a model id or name, matched against the job's {@code modelId} and
     * {@code modelName} (null: any).
     */
    Page<JobState> page(String kind, String model, JobStatus status, Page.Request request);

    /** Jobs in {@code status}, of every kind: the queue bound counts them all. */
    long count(JobStatus status);

    /**
     * Starts the job on {@code worker}: QUEUED (or RUNNING after its previous worker died) becomes
     * RUNNING with the next attempt and {@code start} as its progress. Empty when the job is gone,
     * finished or being cancelled.
     */
    Optional<JobState> claim(String id, String worker, Object start);

    /** Writes progress under {@code attempt}; @return the job's cancel flag, or empty when this attempt lost the job */
    Optional<Boolean> report(String id, int attempt, Object progress);

    /**
     * Ends a running attempt. {@code modelId}, {@code progress} and {@code result} replace what is
     * stored unless null.
     *
     * @return false when this attempt no longer owns the job
     */
    boolean finish(String id, int attempt, JobStatus outcome, String error, String modelId, Object progress,
                   Object result);

    /** Puts a running attempt's job back in the queue (its worker is stopping). */
    boolean requeue(String id, int attempt, Object progress);

    enum CancelOutcome { NOT_FOUND, ALREADY_FINISHED, CANCELLED_WHILE_QUEUED, REQUESTED }

    CancelOutcome requestCancel(String id);

    /** Ends a job that has not started, with {@code outcome}; @return whether it was still queued */
    boolean endIfQueued(String id, JobStatus outcome, String error);

    /** Ids of queued jobs (of any kind) on this dataset. */
    List<String> queuedOn(String datasetId);

    /** id → revision for the jobs that exist among {@code ids}. */
    Map<String, Long> revisions(List<String> ids);

    /** Forgets the oldest finished jobs of {@code kind} beyond {@code keep}. */
    void trimFinished(String kind, int keep);

    /** Forgets one job if it has finished; @return whether it did */
    boolean forgetFinished(String id);
}
