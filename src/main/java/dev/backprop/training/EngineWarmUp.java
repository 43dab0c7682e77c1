package dev.backprop.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.dataset.DatasetCatalog;

/**
 * Runs the case-study preset briefly on the built-in Iris at start-up, before the built-in model and
 * before readiness, so that the first case-study job after start-up runs compiled code (it otherwise
 * spends its first ~0.15 s in the interpreter and C1) and OpenBLAS is loaded. Trains no model; costs
 * about 0.1 s of start-up.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EngineWarmUp implements ApplicationRunner {

    /** Enough epochs for C2 to compile the full-batch loop (its tiny products, sigmoid, SGD). */
    static final int EPOCHS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    private final JobRunner runner;
    private final DatasetCatalog datasets;

    EngineWarmUp(JobRunner runner, DatasetCatalog datasets) {
        this.runner = runner;
        this.datasets = datasets;
    }

    @Override
    public void run(ApplicationArguments args) {
        long start = System.nanoTime();
        runner.warmUp(datasets.iris(), EPOCHS);
        log.info("Engine warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
