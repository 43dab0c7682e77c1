package dev.backprop.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.sun.management.GarbageCollectionNotificationInfo;

import dev.backprop.HeapSampler;

/**
 * Issue 15's memory goal, printed, not asserted: training holds O(parameters + batch × width +
 * dataset), never O(rows × width) beyond the dataset, since evaluation and metrics run in bounded
 * chunks. Trains 1 000 000 rows × 50 features, hidden [256], one epoch, on the defaults otherwise,
 * and prints the live heap after every collection during training (the most it retained) beside
 * the dataset's own arrays and {@link Trainer#memoryBytes}'s estimate. Run with
 * {@code ./mvnw -B -ntp test -Dtest=TrainingHeapBenchmark -Dtest.excludedGroups=none}.
 */
@Tag("benchmark")
class TrainingHeapBenchmark {

    @Test
    void oneMillionRowsOfFiftyFeaturesWithAHiddenLayerOf256() throws Exception {
        int rows = 1_000_000;
        int features = 50;
        int classes = 5;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[r * features + j] = rng.nextGaussian() + (j % classes == y[r] ? 0.7 : 0);
            }
        }
        TrainingData data = TrainingData.of(x, y,
                IntStream.range(0, features).mapToObj(i -> "f" + i).toList(),
                IntStream.range(0, classes).mapToObj(i -> "c" + i).toList());
        x = null;
        long dataBytes = 8L * rows * features + 4L * rows;
        TrainingConfig config = TrainingConfig.defaults(1).toBuilder().hiddenLayers(List.of(256)).epochs(1).build();
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), 8);

        System.gc();
        long before = HeapSampler.used();
        AtomicLong liveMax = new AtomicLong();
        List<NotificationEmitter> emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        javax.management.NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                liveMax.accumulateAndGet(after, Math::max);
            }
        };
        emitters.forEach(e -> e.addNotificationListener(listener, null, null));
        HeapSampler sampler = HeapSampler.start();
        com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threadBean.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        TrainingResult result = new Trainer(threads).train(config, data, TrainingListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        long allocated = threadBean.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long sampledMax = sampler.stop();
        System.gc();
        long collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        emitters.forEach(e -> {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never added to this one: nothing to remove
            }
        });

        long estimate = Trainer.memoryBytes(config, rows, features, features, classes, threads);
        print("1 000 000 x 50, hidden [256], batch %d, %d threads, 1 epoch in %.1f s, test accuracy %.3f",
                config.batchSize(), threads, seconds, result.test().accuracy());
        print("dataset arrays %.1f MB; heap in use before training (dataset included) %.1f MB",
                dataBytes / 1e6, before / 1e6);
        print("during training: most live after a collection %.1f MB (%s), most in use sampled every millisecond %.1f MB",
                liveMax.get() / 1e6, liveMax.get() == 0 ? "no collection ran" : "+" + String.format(Locale.ROOT,
                        "%.1f MB over before", (liveMax.get() - before) / 1e6), sampledMax / 1e6);
        print("allocated by the training thread during the run: %.1f MB", allocated / 1e6);
        print("Trainer.memoryBytes estimate beyond the dataset: %.1f MB; collections in the JVM so far: %d; "
                + "max heap %.0f MB", estimate / 1e6, collections, Runtime.getRuntime().maxMemory() / 1e6);
    }

    private static void print(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
