package dev.backprop.training;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backprop.system.Page;

/**
 * Job records, shared by every replica. Each state change is one conditional update, so two
 * replicas never both start, finish or cancel the same job.
 */
interface JobStore {

    void insert(JobRecord job);

    Optional<JobRecord> find(String id);

    /** Newest first, optionally only one status. */
    Page<JobRecord> page(JobStatus status, Page.Request request);

    long count(JobStatus status);

    /**
     * Starts the job on {@code worker}: QUEUED (or RUNNING after its previous worker died) becomes
     * RUNNING with the next attempt. Empty when the job is gone, finished or being cancelled.
     */
    Optional<JobRecord> claim(String id, String worker, JobProgress start);

    /** Writes progress under {@code attempt}; @return the job's cancel flag, or empty when this attempt lost the job */
    Optional<Boolean> report(String id, int attempt, JobProgress progress);

    /** Ends a running attempt. @return false when this attempt no longer owns the job */
    boolean finish(String id, int attempt, JobStatus outcome, String error, String modelId, JobProgress progress);

    /** Puts a running attempt's job back in the queue (its worker is stopping). */
    boolean requeue(String id, int attempt, JobProgress progress);

    enum CancelOutcome { NOT_FOUND, ALREADY_FINISHED, CANCELLED_WHILE_QUEUED, REQUESTED }

    CancelOutcome requestCancel(String id);

    /** Ends a job that has not started, with {@code outcome}; @return whether it was still queued */
    boolean endIfQueued(String id, JobStatus outcome, String error);

    /** Ids of queued jobs on this dataset. */
    List<String> queuedOn(String datasetId);

    /** id → revision for the jobs that exist among {@code ids}. */
    Map<String, Long> revisions(List<String> ids);

    /** Forgets the oldest finished jobs beyond {@code keep}. */
    void trimFinished(int keep);
}
