package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TrainingConfig#defaultsFor}: small data keeps the defaults exactly; large data gets the measured change only. */
class TrainingConfigDefaultsForTests {

    @Test
    void belowTheThresholdTheDefaultsAreUnchanged() {
        assertThat(TrainingConfig.defaultsFor(7, 150, 4, 3)).isEqualTo(TrainingConfig.defaults(7));
        assertThat(TrainingConfig.defaultsFor(7, TrainingConfig.LARGE_ROWS - 1, 50, 5))
                .isEqualTo(TrainingConfig.defaults(7));
    }

    @Test
    void fromTheThresholdOnlyTheLearningRateChanges() {
        TrainingConfig large = TrainingConfig.defaultsFor(7, TrainingConfig.LARGE_ROWS, 50, 5);
        assertThat(large.learningRate()).isEqualTo(0.003);
        assertThat(large.toBuilder().learningRate(TrainingConfig.defaults(7).learningRate()).build())
                .isEqualTo(TrainingConfig.defaults(7));
    }
}
