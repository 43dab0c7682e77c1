package dev.backprop.training;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.annotation.PreDestroy;

/**
 * Server-Sent Events for jobs, on any replica whichever replica runs the job. One scheduler thread
 * sends, so a slow or vanished client never holds up training: every {@value #TICK_MILLIS} ms it
 * reads the revisions of the jobs followed (one query for all of them) and sends each subscriber
 * whose job changed a {@code progress} event, or its {@code done} event, after which the stream
 * closes. A new subscriber gets the current state at once.
 */
@Component
class JobEvents {

    static final long TICK_MILLIS = 250;
    /** A comment line this often keeps idle streams (a queued job's) open through proxies that cut silent ones. */
    static final long KEEP_ALIVE_MILLIS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final long STREAM_TIMEOUT_MILLIS = TimeUnit.HOURS.toMillis(6);

    private final JobStore jobs;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param tickMillis how often every followed job is read ({@value #TICK_MILLIS} ms); a job run
     *        by this replica is sent as it changes whatever the tick ({@link #nudge})
     */
    JobEvents(JobStore jobs, @Value("${backprop.training.events-tick-millis:" + TICK_MILLIS + "}") long tickMillis) {
        this.jobs = jobs;
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_MILLIS, KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void keepAlive() {
        for (Subscriber s : subscribers) {
            try {
                s.emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(s);
                s.emitter.completeWithError(e);
            }
        }
    }

    private static final class Subscriber {
        final String jobId;
        final SseEmitter emitter;
        final Function<JobState, ?> view;
        long sentRevision = -1;

        Subscriber(String jobId, SseEmitter emitter, Function<JobState, ?> view) {
            this.jobId = jobId;
            this.emitter = emitter;
            this.view = view;
        }
    }

    /** @param view the job as its kind's clients see it, sent as each event's data */
    SseEmitter subscribe(String jobId, Function<JobState, ?> view) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        Subscriber subscriber = new Subscriber(jobId, emitter, view);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        ticker.execute(() -> send(subscriber, jobs.find(jobId)));
        return emitter;
    }

    /**
     * A job on this replica changed (progress published, or its end committed): its subscribers hear
     * of it now instead of at the next tick, so that a client waiting for {@code done} is not kept
     * up to {@value #TICK_MILLIS} ms longer than the job took.
     */
    void nudge(String jobId) {
        if (subscribers.stream().noneMatch(s -> s.jobId.equals(jobId))) {
            return;
        }
        try {
            ticker.execute(() -> {
                try {
                    Optional<JobState> job = null;
                    for (Subscriber s : subscribers) {
                        if (s.jobId.equals(jobId)) {
                            job = job != null ? job : jobs.find(jobId);
                            send(s, job);
                        }
                    }
                } catch (RuntimeException e) {
                    // as in a tick: the next one catches up
                    log.warn("Could not read job {} for its event streams: {}", jobId, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: closeStreams has sent every stream its last event
            log.debug("Job {} changed while its event streams closed", jobId);
        }
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> revisions = jobs.revisions(subscribers.stream().map(s -> s.jobId).distinct().toList());
            Map<String, Optional<JobState>> changed = new HashMap<>();
            for (Subscriber s : subscribers) {
                Long revision = revisions.get(s.jobId);
                if (revision == null || revision != s.sentRevision) {
                    send(s, changed.computeIfAbsent(s.jobId, jobs::find));
                }
            }
        } catch (RuntimeException e) {
            // the database is unreachable for a moment: the streams stay open and catch up next tick
            log.warn("Could not read job progress for event streams: {}", e.getMessage());
        }
    }

    /** Runs on the ticker thread only, so each subscriber's events stay in order. */
    private void send(Subscriber s, Optional<JobState> job) {
        if (job.isEmpty()) {
            // forgotten (trimmed) since the client subscribed: nothing more will come
            close(s);
            return;
        }
        JobState record = job.get();
        if (record.revision() == s.sentRevision) {
            return;
        }
        boolean done = record.status().finished();
        try {
            s.emitter.send(SseEmitter.event().name(done ? "done" : "progress").id(Long.toString(record.revision()))
                    .data(s.view.apply(record), MediaType.APPLICATION_JSON));
            s.sentRevision = record.revision();
            if (done) {
                close(s);
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: forget it, nothing else to clean up
            subscribers.remove(s);
            s.emitter.completeWithError(e);
        }
    }

    private void close(Subscriber s) {
        subscribers.remove(s);
        s.emitter.complete();
    }

    /**
     * At shutdown, right after the training service has stopped this replica's runs: each stream
     * gets its job's latest state (its final event when the job ended) and closes, so that the web
     * server's graceful shutdown does not wait for clients. A client following a job that went back
     * to the queue reconnects (EventSource does so by itself) and follows it wherever it runs next.
     */
    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    void closeStreams() {
        Future<?> flushed = ticker.submit(() -> {
            for (Subscriber s : subscribers) {
                try {
                    send(s, jobs.find(s.jobId));
                } catch (RuntimeException e) {
                    log.debug("Last event of job {} not sent: {}", s.jobId, e.getMessage());
                }
                close(s);
            }
        });
        try {
            flushed.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Event streams did not close cleanly at shutdown", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        for (Subscriber s : subscribers) {
            s.emitter.complete();
        }
        subscribers.clear();
    }
}
