package dev.backprop.training;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.dataset.DatasetCatalog;

/**
 * Warms the engine at start-up, before readiness: mini-batch training on synthetic rows, then the
 * case-study preset on the built-in Iris, after the built-in model (so that the
 * JIT's last profile is the case study's) and before readiness, so that the first case-study job
 * after start-up runs compiled code. At start-up the JIT's queue is long (Spring's own start-up), so
 * a fixed number of epochs may end before the training loop gets past C1's profiling code, which is
 * 2–3× slower: it trains rounds of {@value #ROUND_EPOCHS} epochs while they still get faster by 10 % or
 * the JIT is still busy (compiling for more than a fifth of the round), at most {@value #BUDGET_MILLIS}
 * ms. Trains no model.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class EngineWarmUp implements ApplicationRunner {

    static final int ROUND_EPOCHS = 10_000;
    static final long BUDGET_MILLIS = 2_000;
    static final long MINI_BATCH_BUDGET_MILLIS = 1_500;

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    private final JobRunner runner;
    private final DatasetCatalog datasets;

    EngineWarmUp(JobRunner runner, DatasetCatalog datasets) {
        this.runner = runner;
        this.datasets = datasets;
    }

    @Override
    public void run(ApplicationArguments args) {
        warmUpMiniBatches();
        warmUpCaseStudy();
    }

    /**
     * Mini-batch training on each path through the trainer ({@link JobRunner.WarmUp}), while
     * the pairs still get faster by 10 % or the JIT is busy, at most {@value #MINI_BATCH_BUDGET_MILLIS} ms:
     * the first wide job after start-up took 1.4 s where the fifth took 0.9 s.
     */
    private void warmUpMiniBatches() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(MINI_BATCH_BUDGET_MILLIS);
        long best = Long.MAX_VALUE;
        int rounds = 0;
        StringBuilder took = new StringBuilder();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        while (System.nanoTime() < deadline) {
            long compiling = timed ? jit.getTotalCompilationTime() : 0;
            long roundStart = System.nanoTime();
            for (JobRunner.WarmUp kind : JobRunner.WarmUp.values()) {
                runner.warmUpMiniBatches(kind);
            }
            long round = System.nanoTime() - roundStart;
            long compiled = timed ? TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime() - compiling) : 0;
            rounds++;
            took.append(rounds == 1 ? "" : ", ").append(round / 1_000_000);
            boolean faster = round * 10 <= best * 9;
            best = Math.min(best, round);
            if (!faster && compiled * 5 < round) {
                break;
            }
        }
        log.info("Mini-batch training warmed up in {} ms: {} rounds, ms per round: {}",
                (System.nanoTime() - start) / 1_000_000, rounds, took);
    }

    private void warmUpCaseStudy() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
        long best = Long.MAX_VALUE;
        int rounds = 0;
        StringBuilder perEpoch = new StringBuilder();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        while (System.nanoTime() < deadline) {
            long compiling = timed ? jit.getTotalCompilationTime() : 0;
            long roundStart = System.nanoTime();
            runner.warmUp(datasets.iris(), ROUND_EPOCHS);
            long took = System.nanoTime() - roundStart;
            long compiled = timed ? TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime() - compiling) : 0;
            rounds++;
            perEpoch.append(rounds == 1 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f", took / 1e3 / ROUND_EPOCHS));
            boolean faster = took * 10 <= best * 9;
            best = Math.min(best, took);
            if (!faster && compiled * 5 < took) {
                break;
            }
        }
        log.info("Engine warmed up in {} ms: {} rounds of {} case-study epochs, µs per epoch: {}",
                (System.nanoTime() - start) / 1_000_000, rounds, ROUND_EPOCHS, perEpoch);
    }
}
