package dev.backprop.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run a task in parts, part p always on the same thread (part 0 on the
 * caller's), so that which thread computes what never depends on timing. Made for the trainer's two
 * short phases per mini-batch: a thread that finds no work spins for a few microseconds (a batch takes
 * tens to hundreds) before it parks, so a phase starts without a wake-up's latency and an idle team
 * costs no CPU. Not for concurrent use: one training run owns it.
 */
final class Team implements AutoCloseable {

    /** One part of a phase. */
    interface Task {
        void run(int part);
    }

    /** How long a thread spins for the next phase (or the end of one) before it parks. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * A parked thread looks again after this long even if never unparked: the hand-over should not need
     * it, but then no wake-up lost to an unforeseen interleaving can stall a training for longer.
     */
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int parts;
    /** Incremented once per phase; a worker runs when it sees a new value. */
    private volatile long phase;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** Starts {@code threads − 1} daemon threads; the caller of {@link #run} is the first. */
    Team(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Thread(() -> work(part), name + "-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    int size() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task.run(p)} for every p below {@code parts} (at most {@link #size()}) and returns
     * when all have finished; an exception of any part is rethrown here, after all have finished.
     */
    void run(int parts, Task task) {
        if (parts == 1) {
            task.run(0);
            return;
        }
        if (parts < 1 || parts > size()) {
            throw new IllegalArgumentException("parts must be in [1, " + size() + "], was " + parts);
        }
        this.task = task;
        this.parts = parts;
        this.failure = null;
        this.caller = Thread.currentThread();
        pending.set(parts - 1);
        // the volatile write publishes task, parts and caller to the workers that read phase
        phase++;
        for (int p = 1; p < parts; p++) {
            LockSupport.unpark(workers[p - 1]);
        }
        Throwable own = null;
        try {
            task.run(0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (pending.get() > 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            long current;
            while ((current = phase) == seen && !closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            }
            if (closed) {
                return;
            }
            seen = current;
            if (part >= parts) {
                continue;
            }
            try {
                task.run(part);
            } catch (RuntimeException | Error e) {
                // handed to the caller, which rethrows it once every part has finished
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the threads (they finish no phase after this); idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
