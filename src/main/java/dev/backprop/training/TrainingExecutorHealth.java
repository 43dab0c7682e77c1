package dev.backprop.training;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the training workers under {@code /actuator/health} as {@code trainingExecutor}. A full
 * queue stays UP (the service still answers, new jobs get 429), but says so in its details.
 */
@Component("trainingExecutor")
class TrainingExecutorHealth implements HealthIndicator {

    private final TrainingService training;

    TrainingExecutorHealth(TrainingService training) {
        this.training = training;
    }

    @Override
    public Health health() {
        int running = training.running();
        int queued = training.queued();
        return Health.up()
                .withDetail("running", running)
                .withDetail("queued", queued)
                .withDetail("capacity", training.capacity())
                .withDetail("saturated", running + queued >= training.capacity())
                .build();
    }
}
