package dev.backprop.training;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the training queue under {@code /actuator/health} as {@code trainingExecutor}: jobs
 * running and queued across the cluster, and on this replica. A full queue stays UP (the service
 * still answers, new jobs get 429), but says so in its details.
 */
@Component("trainingExecutor")
class TrainingExecutorHealth implements HealthIndicator {

    private final TrainingService training;

    TrainingExecutorHealth(TrainingService training) {
        this.training = training;
    }

    @Override
    public Health health() {
        long running = training.running();
        long queued = training.queued();
        return Health.up()
                .withDetail("running", running)
                .withDetail("queued", queued)
                .withDetail("capacity", training.capacity())
                .withDetail("saturated", running + queued >= training.capacity())
                .build();
    }
}
