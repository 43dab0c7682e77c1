package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TrainerBehaviourTests {

    private final Trainer trainer = new Trainer();
    private final TrainingData iris = Fixtures.iris();

    private TrainingConfig quick(long seed) {
        return TrainingConfig.defaults(seed).toBuilder().epochs(30).earlyStopping(null).build();
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        NetworkParameters first = trainer.train(quick(11), iris, TrainingListener.NONE).model().parameters();
        NetworkParameters second = trainer.train(quick(11), iris, TrainingListener.NONE).model().parameters();

        for (int l = 0; l < first.weights().size(); l++) {
            assertThat(first.weights().get(l)).isDeepEqualTo(second.weights().get(l));
            assertThat(first.biases().get(l)).isEqualTo(second.biases().get(l));
        }
        assertThat(first.encoder().inputs()).isEqualTo(second.encoder().inputs());
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        NetworkParameters first = trainer.train(quick(11), iris, TrainingListener.NONE).model().parameters();
        NetworkParameters other = trainer.train(quick(12), iris, TrainingListener.NONE).model().parameters();

        assertThat(first.weights().get(0)).isNotEqualTo(other.weights().get(0));
    }

    @Test
    void normaliserIsFittedOnTrainingRowsOnly() {
        TrainingConfig config = quick(5).toBuilder().normalization(Normalization.MIN_MAX).testFraction(0.5).build();
        // an extreme value in every row but those the split puts into training would move min-max if leaked
        TrainingData base = Fixtures.iris();
        DataSplit split = DataSplit.stratified(Fixtures.labels(base), 3, 0.5, config.validationFraction(),
                new java.util.SplittableRandom(config.seed() ^ 0x5DEECE66DL));
        double[] x = Fixtures.matrix(base);
        for (int r : split.test()) {
            x[r * 4] = 1000;
        }
        TrainingData poisoned = TrainingData.of(x, Fixtures.labels(base), base.featureNames(), base.classNames());

        NetworkParameters p = trainer.train(config, poisoned, TrainingListener.NONE).model().parameters();

        double trainMax = Double.NEGATIVE_INFINITY;
        for (int r : split.train()) {
            trainMax = Math.max(trainMax, x[r * 4]);
        }
        assertThat(trainMax).isLessThan(1000);
        InputEncoder.NumericInput first = (InputEncoder.NumericInput) p.encoder().inputs().get(0);
        assertThat(first.shift() + first.scale()).isEqualTo(trainMax);
        assertThat(first.max()).isEqualTo(trainMax);
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // a learning rate that first descends then oscillates makes the best epoch an early one
        TrainingConfig config = TrainingConfig.defaults(2).toBuilder().epochs(2000).learningRate(0.05)
                .validationFraction(0.2).earlyStopping(new EarlyStopping(20, 0, true)).build();
        AtomicInteger lastEpoch = new AtomicInteger();
        double[] bestValidationLoss = {Double.POSITIVE_INFINITY};
        TrainingResult result = trainer.train(config, iris, (epoch, epochs, loss, acc, vLoss, vAcc) -> {
            lastEpoch.set(epoch);
            bestValidationLoss[0] = Math.min(bestValidationLoss[0], vLoss);
        });

        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.epochsRun()).isEqualTo(lastEpoch.get()).isLessThan(2000);
        assertThat(result.bestEpoch()).isEqualTo(result.epochsRun() - 20);
        // restoring again from the result's own model reproduces the best validation loss, not the last one
        TrainingResult again = trainer.train(config.toBuilder().epochs(result.bestEpoch()).earlyStopping(null).build(),
                iris, TrainingListener.NONE);
        assertThat(result.model().parameters().weights().get(0))
                .isDeepEqualTo(again.model().parameters().weights().get(0));
    }

    /** The listener's own schedule must hold on the defaults too, where early stopping needs figures anyway. */
    @Test
    void theListenerIsAskedEveryEpochAndGetsWhatItAskedFor() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger withFigures = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public boolean wantsFigures(int epoch) {
                asked.incrementAndGet();
                return epoch % 2 == 0;
            }

            @Override
            public void onEpoch(int epoch, int total, double loss, double acc, double vLoss, double vAcc) {
                if (epoch % 2 == 0) {
                    assertThat(loss).as("loss of epoch %d", epoch).isFinite();
                    assertThat(vLoss).as("validation loss of epoch %d", epoch).isFinite();
                    withFigures.incrementAndGet();
                }
            }

            @Override
            public void onBatch(int epoch, int batch, int total) {
                batches.incrementAndGet();
            }
        };

        TrainingResult result = trainer.train(TrainingConfig.defaults(4), iris, listener);

        assertThat(TrainingConfig.defaults(4).earlyStopping()).isNotNull();
        assertThat(asked.get()).isEqualTo(result.epochsRun());
        assertThat(withFigures.get()).isEqualTo(result.epochsRun() / 2);
        // 150 rows: 20% test, 10% of the rest for validation → 108 training rows in batches of 32
        assertThat(batches.get()).isEqualTo(result.epochsRun() * 4);
    }

    @Test
    void cancellationStopsWithinOneEpoch() {
        AtomicInteger epochs = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(int epoch, int total, double loss, double acc, double vLoss, double vAcc) {
                epochs.set(epoch);
            }

            @Override
            public boolean cancelled() {
                return epochs.get() >= 3;
            }
        };

        assertThatThrownBy(() -> trainer.train(TrainingConfig.caseStudy(1), iris, listener))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessageContaining("epoch 4");
        assertThat(epochs.get()).isEqualTo(3);
    }

    @Test
    void divergingConfigFailsWithAClearMessage() {
        double[] x = Fixtures.matrix(iris);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 1e150;
        }
        TrainingData huge = TrainingData.of(x, Fixtures.labels(iris), iris.featureNames(), iris.classNames());
        TrainingConfig config = quick(1).toBuilder().normalization(Normalization.NONE).optimizer(OptimizerType.SGD)
                .activation(Activation.RELU).hiddenLayers(List.of(16, 16)).learningRate(50).build();

        assertThatThrownBy(() -> trainer.train(config, huge, TrainingListener.NONE))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged").hasMessageContaining("learningRate");
    }

    @Test
    void exportedParametersRebuildAModelWithIdenticalPredictions() {
        NetworkModel model = trainer.train(quick(4), iris, TrainingListener.NONE).model();
        NetworkModel copy = NetworkModel.of(model.parameters());

        double[] row = {5.9, 3.0, 5.1, 1.8};
        assertThat(copy.predict(row)).isEqualTo(model.predict(row));
        assertThat(copy.predictBatch(Fixtures.matrix(iris), iris.rows())).isEqualTo(model.predictBatch(Fixtures.matrix(iris), iris.rows()));
    }

    @Test
    void batchAndSingleRowPredictionsAgree() {
        NetworkModel model = trainer.train(quick(4), iris, TrainingListener.NONE).model();
        double[] batch = model.predictBatch(Fixtures.matrix(iris), iris.rows());
        for (int r = 0; r < iris.rows(); r += 17) {
            double[] row = java.util.Arrays.copyOfRange(Fixtures.matrix(iris), r * 4, r * 4 + 4);
            assertThat(model.predict(row)).containsExactly(java.util.Arrays.copyOfRange(batch, r * 3, r * 3 + 3));
        }
    }

    @Test
    void configRejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> quick(1).toBuilder().learningRate(-1).build())
                .hasMessageContaining("learningRate").hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> quick(1).toBuilder().activation(Activation.SOFTMAX).build())
                .hasMessageContaining("activation must be one of sigmoid, tanh, relu");
        assertThatThrownBy(() -> quick(1).toBuilder().hiddenLayers(List.of(4, 0)).build())
                .hasMessageContaining("hiddenLayers[1]");
        assertThatThrownBy(() -> TrainingConfig.of(java.util.Map.of("outputActivation", "relu"), TrainingConfig.defaults(1)))
                .hasMessage("outputActivation must be one of sigmoid, softmax, linear, was 'relu'");
        assertThatThrownBy(() -> TrainingConfig.of(java.util.Map.of("outputActivation", "linear"), TrainingConfig.defaults(1)))
                .hasMessageContaining("outputActivation of a classifier must be one of sigmoid, softmax");
        assertThatThrownBy(() -> TrainingConfig.of(java.util.Map.of("activation", "softmax"), TrainingConfig.defaults(1)))
                .hasMessage("activation must be one of sigmoid, tanh, relu, was 'softmax'");
        assertThatThrownBy(() -> new EarlyStopping(0, 0, true)).hasMessageContaining("earlyStopping.patience");
    }
}
