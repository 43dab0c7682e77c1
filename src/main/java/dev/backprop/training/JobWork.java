package dev.backprop.training;

/**
 * Work other than training that runs as a job on the training queue: the same workers, the same
 * cluster-wide bound, the same progress, cancel, event stream and attempt semantics (a replica that
 * dies mid-job has the job re-run from the start elsewhere). A bean implementing this is handed
 * every job of its {@link #kind()} that a worker of this replica claims; the kinds' modules submit
 * and read their jobs through {@link JobService}. Training itself is not a {@code JobWork}: it
 * predates the seam and stays on its own path in {@link JobRunner}.
 */
public interface JobWork {

    /** The kind of job this runs, as stored in {@code jobs.kind} (at most 16 characters), e.g. {@code scoring}. */
    String kind();

    /** The progress a job of this kind shows when a worker starts it (and when it goes back to the queue). */
    Object startProgress(JobState job);

    /**
     * Runs one attempt of the job on the calling worker thread, from the start (a re-run calls this
     * again with the next attempt). Report progress and honour stop requests through {@code run};
     * the exception its methods throw when the job must stop should pass through untouched. A
     * failure the user can act on is an {@link dev.backprop.system.ApiException} or an
     * {@link IllegalArgumentException}, whose message becomes the job's {@code error}.
     *
     * @return what the successful attempt stores
     */
    Success run(JobRun run);

    /**
     * What a successful attempt stores with the job's end.
     *
     * @param progress the final progress
     * @param result what the job produced, written as the job's {@code result} (JSON)
     * @param commitWith writes of the work's own that must commit with the job's end, in its
     *        transaction: rolled back when the attempt turns out to have lost the job
     */
    record Success(Object progress, Object result, Runnable commitWith) {
    }
}
