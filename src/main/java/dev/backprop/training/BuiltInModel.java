package dev.backprop.training;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.backprop.model.ModelRegistry;
import dev.backprop.model.TrainedModel;
import dev.backprop.system.ServingProperties;

/**
 * Makes {@code /predict} answer from the first ready second: at start-up, before readiness reports
 * UP (Spring Boot accepts traffic only after application runners finish), the alias
 * {@code iris@production} is given to the built-in model — trained now on the built-in dataset when
 * there is none yet. An alias that exists is never touched, so operators' moves survive restarts.
 * Replicas starting together agree through a row lock: exactly one trains.
 */
@Component
// before EngineWarmUp, which wants the last word on what the JIT has seen
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class BuiltInModel implements ApplicationRunner {

    static final String NAME = "iris";
    static final String ALIAS = "production";
    static final String SOURCE = "built-in";
    /** A fixed seed makes the built-in model the same on every start. */
    static final long SEED = 42;

    private static final Logger log = LoggerFactory.getLogger(BuiltInModel.class);

    private final TrainingService training;
    private final ModelRegistry models;
    private final ServingProperties serving;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    BuiltInModel(TrainingService training, ModelRegistry models, ServingProperties serving, TransactionTemplate tx,
                 JdbcClient jdbc) {
        this.training = training;
        this.models = models;
        this.serving = serving;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!serving.bootstrapModel()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            // one replica at a time: the others wait here, then find the alias set
            jdbc.sql("select stamp from registry_state where id = 1 for update").query(Long.class).single();
            models.refresh();
            if (models.alias(NAME, ALIAS).isPresent()) {
                return;
            }
            Optional<TrainedModel> builtIn = models.versions(NAME).stream()
                    .filter(m -> m.provenance() != null && SOURCE.equals(m.provenance().source())).findFirst();
            TrainedModel model = builtIn.orElseGet(this::train);
            models.setAlias(model, ALIAS);
            log.info("Built-in model '{}' v{} ({}) is {}@{}", NAME, model.version(), model.id(), NAME, ALIAS);
        });
    }

    private TrainedModel train() {
        long start = System.nanoTime();
        TrainedModel model = training.runNow(TrainingRequest.of("iris", NAME, SEED), SOURCE).model();
        if (model == null) {
            throw new IllegalStateException("the built-in model did not train; the log says why");
        }
        log.info("Built-in model '{}' trained in {} ms", NAME, (System.nanoTime() - start) / 1_000_000);
        return model;
    }
}
