package dev.backprop.training;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.dataset.DatasetCatalog;
import dev.backprop.engine.TrainingData;

/**
 * Warms the engine at start-up, before readiness: mini-batch training on synthetic rows, then the
 * case-study preset on the built-in Iris, after the built-in model (so that the
 * JIT's last profile is the case study's) and before readiness, so that the first case-study job
 * after start-up runs compiled code. At start-up the JIT's queue is long (Spring's own start-up), so
 * a fixed number of epochs may end before the training loop gets past C1's profiling code, which is
 * 2–3× slower: it trains rounds of {@value #ROUND_EPOCHS} epochs while they still get faster by 10 % or
 * the JIT is still busy (compiling for more than a fifth of the round), at most {@value #BUDGET_MILLIS}
 * ms. Trains no model. Then the request paths a first job takes ({@link RequestWarmUp}).
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
    private final RequestWarmUp requests;

    EngineWarmUp(JobRunner runner, DatasetCatalog datasets, RequestWarmUp requests) {
        this.runner = runner;
        this.datasets = datasets;
        this.requests = requests;
    }

    @Override
    public void run(ApplicationArguments args) {
        warmUpMiniBatches();
        warmUpCaseStudy();
        requests.run();
    }

    /**
     * Mini-batch training on each path through the trainer ({@link JobRunner.WarmUp}), at most
     * {@value #MINI_BATCH_BUDGET_MILLIS} ms: the first wide job after start-up took 1.4 s where the
     * fifth took 0.9 s.
     */
    private void warmUpMiniBatches() {
        long start = System.nanoTime();
        Map<Integer, TrainingData> rows = new HashMap<>();
        for (JobRunner.WarmUp kind : JobRunner.WarmUp.values()) {
            rows.computeIfAbsent(kind.classes, JobRunner::warmUpData);
        }
        List<Long> rounds = rounds(MINI_BATCH_BUDGET_MILLIS, () -> {
            for (JobRunner.WarmUp kind : JobRunner.WarmUp.values()) {
                runner.warmUpMiniBatches(kind, rows.get(kind.classes));
            }
        });
        log.info("Mini-batch training warmed up in {} ms: {} rounds, ms per round: {}",
                (System.nanoTime() - start) / 1_000_000, rounds.size(),
                rounds.stream().map(r -> String.valueOf(r / 1_000_000)).collect(Collectors.joining(", ")));
    }

    private void warmUpCaseStudy() {
        long start = System.nanoTime();
        List<Long> rounds = rounds(BUDGET_MILLIS, () -> runner.warmUp(datasets.iris(), ROUND_EPOCHS));
        log.info("Engine warmed up in {} ms: {} rounds of {} case-study epochs, µs per epoch: {}",
                (System.nanoTime() - start) / 1_000_000, rounds.size(), ROUND_EPOCHS, rounds.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", r / 1e3 / ROUND_EPOCHS))
                        .collect(Collectors.joining(", ")));
    }

    /**
     * Runs {@code round} while the rounds still get faster by 10 % or the JIT is busy (compiling for
     * more than a fifth of the round), at most {@code budgetMillis}.
     *
     * @return each round's nanoseconds
     */
    private static List<Long> rounds(long budgetMillis, Runnable round) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        long best = Long.MAX_VALUE;
        List<Long> took = new ArrayList<>();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        while (System.nanoTime() < deadline) {
            long compiling = timed ? jit.getTotalCompilationTime() : 0;
            long roundStart = System.nanoTime();
            round.run();
            long nanos = System.nanoTime() - roundStart;
            long compiled = timed ? TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime() - compiling) : 0;
            took.add(nanos);
            boolean faster = nanos * 10 <= best * 9;
            best = Math.min(best, nanos);
            if (!faster && compiled * 5 < nanos) {
                break;
            }
        }
        return took;
    }
}
