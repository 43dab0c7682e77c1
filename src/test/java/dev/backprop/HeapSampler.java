package dev.backprop;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The largest heap in use, sampled every millisecond on a daemon thread (garbage included: an
 * upper bound of what a measured piece of work needed). For the small-heap children and the heap
 * benchmarks, which print it.
 */
public final class HeapSampler implements Runnable {
    private volatile boolean running = true;
    private volatile long peak;
    private final Thread thread = new Thread(this, "heap-sampler");

    private HeapSampler() {
    }

    public static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        sampler.thread.setDaemon(true);
        sampler.thread.start();
        return sampler;
    }

    /** The heap in use now, over every heap pool. */
    public static long used() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    @Override
    public void run() {
        while (running) {
            peak = Math.max(peak, used());
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops sampling; the peak seen, the heap in use now included. */
    public long stop() throws InterruptedException {
        running = false;
        thread.join();
        return Math.max(peak, used());
    }
}
