package dev.backprop.training;

/**
 * A {@link JobWork} attempt was asked to stop (cancel, replica stopping, job lost to another
 * replica). Package-private on purpose: a work cannot catch it by name, only let it pass to the
 * runner, which knows which of the three it was.
 */
final class JobStoppedException extends RuntimeException {

    JobStoppedException(String jobId) {
        super("job " + jobId + " was asked to stop", null, false, false);
    }
}
