package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The engine learns what it should, with the case-study preset and with the modern defaults. */
class LearningTests {

    private final Trainer trainer = new Trainer();

    @Test
    void learnsXor() {
        TrainingConfig config = TrainingConfig.defaults(7).toBuilder()
                .hiddenLayers(List.of(8)).activation(Activation.TANH).testFraction(0).validationFraction(0)
                .earlyStopping(null).epochs(400).batchSize(0).learningRate(0.05).build();
        TrainingResult result = trainer.train(config, Fixtures.xor(5), TrainingListener.NONE);

        assertThat(result.train().accuracy()).isEqualTo(1.0);
        NetworkModel model = result.model();
        assertThat(model.predict(new double[] {0, 1})[1]).isGreaterThan(0.9);
        assertThat(model.predict(new double[] {1, 1})[0]).isGreaterThan(0.9);
    }

    @Test
    void caseStudyPresetReachesNinetyPercentMedianTestAccuracyOnIris() {
        TrainingData iris = Fixtures.iris();
        double[] accuracies = LongStream.rangeClosed(1, 5)
                .mapToDouble(seed -> trainer.train(TrainingConfig.caseStudy(seed), iris, TrainingListener.NONE)
                        .test().accuracy())
                .sorted().toArray();

        assertThat(accuracies[accuracies.length / 2]).as("median of %s", Arrays.toString(accuracies))
                .isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void caseStudyPresetHoldsOutAThirdAndReportsItsOwnFigure() {
        TrainingResult result = trainer.train(TrainingConfig.caseStudy(3).toBuilder().epochs(2000).build(),
                Fixtures.iris(), TrainingListener.NONE);

        // 50 rows per class, round(50 · 0.33) = 17 held out of each
        assertThat(result.test().rows()).isEqualTo(51);
        assertThat(result.train().rows()).isEqualTo(99);
        assertThat(result.test().oneMinusMaePercent())
                .isEqualTo((1 - result.test().meanAbsoluteError()) * 100);
        assertThat(result.model().layerSizes()).containsExactly(4, 5, 3);
        assertThat(result.model().parameterCount()).isEqualTo(4 * 5 + 5 * 3);
    }

    @Test
    void defaultsReachNinetyFivePercentOnIrisHoldOut() {
        TrainingData iris = Fixtures.iris();
        double[] accuracies = LongStream.rangeClosed(1, 5)
                .mapToDouble(seed -> trainer.train(TrainingConfig.defaults(seed), iris, TrainingListener.NONE)
                        .test().accuracy())
                .sorted().toArray();

        assertThat(accuracies[accuracies.length / 2]).as("median of %s", Arrays.toString(accuracies))
                .isGreaterThanOrEqualTo(0.95);
    }
}
