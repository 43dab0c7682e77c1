package dev.backprop.training;

import dev.backprop.system.ApiException;

public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * A list's {@code ?status=} filter, in any case; null or blank for none.
     *
     * @throws ApiException 400 naming the values allowed
     */
    public static JobStatus filter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        for (JobStatus s : values()) {
            if (s.name().equalsIgnoreCase(status.trim())) {
                return s;
            }
        }
        throw ApiException.invalidParameter("status", "status must be one of queued, running, succeeded, failed, "
                + "cancelled (any case), was '" + status + "'");
    }
}
