package dev.backprop.training;

import java.util.Optional;

/**
 * One attempt of a {@link JobWork} job on this replica's worker: what the work reads about its job
 * and how it reports progress and learns that it must stop — cancelled on any replica, its replica
 * stopping (the job goes back to the queue), or another replica having taken the job over.
 */
public final class JobRun {

    private final JobState job;
    private final JobStore jobs;
    private final JobRunner.Run run;
    private long lastReport = System.nanoTime();
    private Object latest;

    JobRun(JobState job, JobStore jobs, JobRunner.Run run) {
        this.job = job;
        this.jobs = jobs;
        this.run = run;
    }

    /** The job as claimed: its settings, dataset, model and this attempt's number. */
    public JobState job() {
        return job;
    }

    /**
     * Notes the job's progress and writes it to the database when {@link JobRunner#PROGRESS_INTERVAL_NANOS}
     * has passed since the last write (≤ 4 writes a second, whatever the caller's pace); each write
     * also reads the cancel flag, so a cancel on any replica stops the run.
     *
     * @throws RuntimeException (the runner's own kind; let it pass) when the job must stop
     */
    public void progress(Object progress) {
        latest = progress;
        if (System.nanoTime() - lastReport >= JobRunner.PROGRESS_INTERVAL_NANOS) {
            lastReport = System.nanoTime();
            Optional<Boolean> cancel = jobs.report(job.id(), job.attempt(), progress);
            if (cancel.isEmpty()) {
                run.lost = true;
            } else if (cancel.get()) {
                run.cancel = true;
            }
        }
        checkStopped();
    }

    /**
     * Returns when the job may go on; cheap (no database access), so call it often.
     *
     * @throws RuntimeException (the runner's own kind; let it pass) when the job must stop
     */
    public void checkStopped() {
        if (run.stopping()) {
            throw new JobStoppedException(job.id());
        }
    }

    /** The progress last noted, written with the job's end when it is cancelled (null before any). */
    Object latest() {
        return latest;
    }
}
