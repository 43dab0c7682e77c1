package dev.backprop.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.backprop.model.ModelRegistry;
import dev.backprop.system.ServingProperties;

/**
 * Trains the model {@code iris} on the built-in dataset at start-up, before readiness reports
 * UP (Spring Boot accepts traffic only after application runners finish), so {@code /predict}
 * answers from the first ready second. A stored {@code iris} model is reused instead.
 */
@Component
// before EngineWarmUp, which wants the last word on what the JIT has seen
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class BuiltInModel implements ApplicationRunner {

    static final String NAME = "iris";
    /** A fixed seed makes the built-in model the same on every start. */
    static final long SEED = 42;

    private static final Logger log = LoggerFactory.getLogger(BuiltInModel.class);

    private final TrainingService training;
    private final ModelRegistry models;
    private final ServingProperties serving;

    BuiltInModel(TrainingService training, ModelRegistry models, ServingProperties serving) {
        this.training = training;
        this.models = models;
        this.serving = serving;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!serving.bootstrapModel() || models.latest(NAME).isPresent()) {
            return;
        }
        JobView job = training.runNow("iris", NAME, SEED);
        log.info("Built-in model '{}' trained in {} ms: {} (model {})", NAME, job.durationMillis(), job.status(),
                job.modelId());
    }
}
