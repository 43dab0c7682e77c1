package dev.backprop.training;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.annotation.PreDestroy;

/**
 * Server-Sent Events for jobs. One scheduler thread sends, so a slow or vanished client never
 * holds up training: subscribers get the current state at once ({@code progress}, or {@code done}
 * if the job has finished), then a {@code progress} event at most every {@value #TICK_MILLIS} ms
 * while something changed, then one {@code done} event, after which the stream closes.
 */
@Component
class JobEvents {

    static final long TICK_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final long STREAM_TIMEOUT_MILLIS = TimeUnit.HOURS.toMillis(6);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-events");
        t.setDaemon(true);
        return t;
    });

    JobEvents() {
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static final class Subscriber {
        final TrainingJob job;
        final SseEmitter emitter;
        long sentRevision = -1;

        Subscriber(TrainingJob job, SseEmitter emitter) {
            this.job = job;
            this.emitter = emitter;
        }
    }

    SseEmitter subscribe(TrainingJob job) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        Subscriber subscriber = new Subscriber(job, emitter);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        ticker.execute(() -> send(subscriber));
        return emitter;
    }

    private void tick() {
        for (Subscriber subscriber : subscribers) {
            send(subscriber);
        }
    }

    /** Runs on the ticker thread only, so each subscriber's events stay in order. */
    private void send(Subscriber s) {
        long revision = s.job.revision();
        if (revision == s.sentRevision) {
            return;
        }
        JobView view = s.job.view();
        boolean done = view.status().finished();
        try {
            s.emitter.send(SseEmitter.event().name(done ? "done" : "progress").id(Long.toString(revision))
                    .data(view, MediaType.APPLICATION_JSON));
            s.sentRevision = revision;
            if (done) {
                subscribers.remove(s);
                s.emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: forget it, nothing else to clean up
            subscribers.remove(s);
            s.emitter.completeWithError(e);
        }
    }

    /**
     * At shutdown, right after the training service has ended every job: each stream gets its job's
     * final event and closes, so that the web server's graceful shutdown does not wait for clients.
     * A job that did not end in time gets a last {@code progress} event instead, then the stream closes.
     */
    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    void closeStreams() {
        Future<?> flushed = ticker.submit(() -> {
            for (Subscriber s : subscribers) {
                send(s);
                subscribers.remove(s);
                s.emitter.complete();
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
