package dev.backprop.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backprop.cluster.*}: how replicas sharing one database stay in step. The same settings
 * apply to a single process (its database is then embedded H2), so one code path serves both.
 *
 * @param refreshInterval how often a replica checks whether models or aliases changed elsewhere
 * @param pollingInterval how often an idle worker looks for a queued job (bounds pick-up latency)
 * @param heartbeatInterval how often a running job's worker proves it is alive
 * @param missedHeartbeats after this many missed heartbeats (at least 4, db-scheduler's floor) a job's worker counts as dead and the
 *        job is run again, from the start and with the same seed, by any replica
 * @param workerName this replica's name in the queue (default: host name and process id)
 */
@ConfigurationProperties("backprop.cluster")
public record ClusterProperties(
        @DefaultValue("500ms") Duration refreshInterval,
        @DefaultValue("500ms") Duration pollingInterval,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("5") int missedHeartbeats,
        String workerName) {

    /** How long a dead worker's job waits before another replica re-runs it. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }
}
