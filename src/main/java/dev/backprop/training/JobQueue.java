package dev.backprop.training;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import dev.backprop.system.ClusterProperties;
import dev.backprop.system.LimitsProperties;

/**
 * The job queue, on db-scheduler over the service's database: any replica's free worker claims a
 * queued job (optimistic locking, so exactly one does), keeps a heartbeat while it runs, and a job
 * whose worker stops beating is revived and run again from the start on any replica. The job
 * records themselves live in {@link JobStore}; the queue only holds "run job X", whatever the
 * job's kind (training, or a {@link JobWork} such as a batch scoring), so every kind shares the
 * workers, the cluster-wide bound and the dead-worker revival.
 */
@Component
class JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);
    /**
     * The queue's one task: "run job X", for jobs of every kind (the job record's kind decides the
     * work). Named after the first kind; keeping the name keeps queued entries valid across versions.
     */
    static final String TASK = "training";
    private static final Duration NOT_HERE_DELAY = Duration.ofSeconds(10);
    /** A task that does nothing, run once at start-up: see {@link #start}. */
    static final String WARM_UP_TASK = "warm-up";
    static final Duration WARM_UP_WAIT = Duration.ofSeconds(2);

    private final CustomTask<Void> task;
    private final OneTimeTask<Void> warmUp;
    private final CountDownLatch warmedUp = new CountDownLatch(1);
    private final Scheduler scheduler;
    private final String worker;

    JobQueue(DataSource dataSource, JobRunner runner, LimitsProperties limits, ClusterProperties cluster) {
        this.worker = cluster.workerName() != null && !cluster.workerName().isBlank() ? cluster.workerName()
                : defaultWorkerName();
        this.task = Tasks.custom(TASK, Void.class)
                // the runner ends every job itself; this only covers a database failure in the middle of that
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> switch (runner.execute(instance.getId(), worker)) {
                    case REQUEUED -> (complete, operations) -> operations.reschedule(complete, Instant.now());
                    // a kind this replica does not run: offered again later, to whichever replica picks it
                    case NOT_HERE -> (complete, operations) -> operations.reschedule(complete,
                            Instant.now().plus(NOT_HERE_DELAY));
                    case DONE -> new CompletionHandler.OnCompleteRemove<>();
                });
        this.warmUp = Tasks.oneTime(WARM_UP_TASK).execute((instance, context) -> warmedUp.countDown());
        this.scheduler = Scheduler.create(dataSource, task, warmUp)
                .threads(Math.max(1, limits.concurrentJobs()))
                .pollingInterval(cluster.pollingInterval())
                .heartbeatInterval(cluster.heartbeatInterval())
                .missedHeartbeatsLimit(cluster.missedHeartbeats())
                .schedulerName(new SchedulerName.Fixed(worker))
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(20))
                .build();
    }

    /** host name and process id: unique per replica, readable in the job's {@code worker} field. */
    private static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    String worker() {
        return worker;
    }

    /**
     * Workers start once the application is ready (after the built-in model exists), before readiness
     * is reported. Then a task that does nothing goes through the queue and is waited for (at most
     * {@link #WARM_UP_WAIT}): the first execution creates the worker thread and runs the queue's pick
     * and completion for the first time, which took 20–25 ms of the first job after start-up where later
     * jobs take 3–8 ms. Another replica may run it instead (it knows the task too); it does nothing there.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.start();
        long start = System.nanoTime();
        scheduler.schedule(warmUp.instance(worker + "-" + UUID.randomUUID()), Instant.now());
        try {
            if (warmedUp.await(WARM_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Job queue warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
            } else {
                log.info("Job queue warm-up not run here within {} s (another replica may have taken it)",
                        WARM_UP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void enqueue(String jobId) {
        scheduler.schedule(task.instance(jobId), Instant.now());
    }

    /** Drops a job that will not run (cancelled or failed while queued); a running one is left to its worker. */
    void drop(String jobId) {
        try {
            scheduler.cancel(TaskInstanceId.of(TASK, jobId));
        } catch (RuntimeException e) {
            // already picked by a worker, or already gone: the worker sees the job's final state and skips it
            log.debug("Queue entry of job {} not removed: {}", jobId, e.getMessage());
        }
    }

    /** Stops claiming jobs (a stopping replica hands its queue to the others); runs under way go on. */
    void pause() {
        scheduler.pause();
    }

    void stop() {
        scheduler.stop();
    }
}
