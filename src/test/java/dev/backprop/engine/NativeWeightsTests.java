package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Adam runs on OpenBLAS keep W and each thread's ∂W in native memory too ({@link NativeWeights},
 * {@link NativeGradients}): the weights, the history and the metrics are those of the run without, bit
 * for bit, on one thread and on two, on the defaults (early stopping, validation and test rows, batches
 * of 32, the smaller last batch) and on layers wide enough that every product is OpenBLAS's.
 */
class NativeWeightsTests {

    private static final TrainingData DATA = TrainerThreadsTests.synthetic(1_100, 64, 3, 9);

    @Test
    void theDefaultsGiveTheWeightsOfARunWithoutNativeCopiesBitForBit() {
        assertSameRun(TrainingConfig.defaults(5).toBuilder().epochs(12).build());
    }

    @Test
    void aWideLayerOnOpenBlasGivesTheWeightsOfARunWithoutNativeCopiesBitForBit() {
        assertSameRun(TrainingConfig.defaults(6).toBuilder().hiddenLayers(List.of(128, 64)).batchSize(128)
                .epochs(5).l2(1e-3).build());
    }

    /** 2 100 features: enough work per row that two threads share the defaults' batches of 32 (not the last, of 24). */
    @Test
    void twoThreadsOnTheDefaultsGiveTheWeightsOfTheirRunWithoutNativeCopiesBitForBit() {
        TrainingData wide = TrainerThreadsTests.synthetic(400, 2_100, 3, 10);
        assertThat(Trainer.parts(2, 32, 2_100 * 32 + 32 * 3)).as("parts sharing a batch of 32").isEqualTo(2);
        assertSameRun(TrainingConfig.defaults(5).toBuilder().epochs(12).build(), wide, 2);
    }

    @Test
    void twoThreadsSharingWideBatchesGiveTheWeightsOfTheirRunWithoutNativeCopiesBitForBit() {
        assertSameRun(TrainingConfig.defaults(6).toBuilder().hiddenLayers(List.of(128, 64)).batchSize(128)
                .epochs(5).l2(1e-3).build(), 2);
    }

    /**
     * Batches of 17 shared 9 + 8 columns: the first layer's ∂W (64 × 60) is OpenBLAS's for 9 columns
     * (34 560 multiply-adds) and not for 8 (30 720), so one part's is in native memory and the other's
     * on the heap, and the update must sum both.
     */
    @Test
    void partsWhoseGradientsLieInDifferentMemoryGiveTheWeightsOfTheRunWithout() {
        TrainingData data = TrainerThreadsTests.synthetic(17 * 20, 60, 3, 11);
        TrainingConfig config = TrainingConfig.defaults(7).toBuilder().hiddenLayers(List.of(64, 2048)).batchSize(17)
                .testFraction(0).validationFraction(0).earlyStopping(null).epochs(2).build();
        assertThat(Trainer.parts(2, 17, 60 * 64 + 64 * 2048 + 2048 * 3)).as("parts sharing a batch").isEqualTo(2);
        assertThat(BlasMatMul.large(64, 60, 9)).isTrue();
        assertThat(BlasMatMul.large(64, 60, 8)).isFalse();
        assertSameRun(config, data, 2);
    }

    /** One step by hand: ∂W really goes through native memory, and the update gives the heap path's weights. */
    @Test
    void aStepThroughNativeMemoryGivesTheHeapStepsWeights() {
        assumeTrue(OpenBlas.available() && Vectors.ENABLED, "OpenBLAS and the Vector API");
        int[] sizes = {64, 128, 10};
        Network a = new Network(sizes, Activation.TANH, Activation.SOFTMAX, true, MatMul.DEFAULT);
        Network b = new Network(sizes, Activation.TANH, Activation.SOFTMAX, true, MatMul.DEFAULT);
        a.initialize(WeightInit.XAVIER, new java.util.SplittableRandom(3));
        b.copyFrom(a);
        assertThat(a.useNativeWeights()).isTrue();
        Gradients ga = new Gradients(a);
        ga.useNative(a);
        org.ejml.data.DMatrixRMaj features = new org.ejml.data.DMatrixRMaj(64, 128);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < features.data.length; i++) {
            features.data[i] = rng.nextDouble(-2, 2);
        }
        Batch x = Batch.of(features);
        Batch y = new Batch(10, 128);
        for (int t = 0; t < 128; t++) {
            y.row[t % 10][t] = 1;
        }
        Optimizer adamA = Optimizer.create(OptimizerType.ADAM, 0.01, a);
        Optimizer adamB = Optimizer.create(OptimizerType.ADAM, 0.01, b);
        Workspace wa = new Workspace(sizes, 128);
        Workspace wb = new Workspace(sizes, 128);
        Gradients gb = new Gradients(b);
        for (int step = 0; step < 3; step++) {
            a.refreshNativeWeights();
            a.forward(x, wa);
            a.backward(x, y, Loss.CROSS_ENTROPY, 1.0 / 128, 0, wa, ga);
            assertThat(ga.natives.pending(0)).as("∂W of 64 → 128 in native memory").isTrue();
            adamA.step(a, ga, 1e-4);
            b.forward(x, wb);
            b.backward(x, y, Loss.CROSS_ENTROPY, 1.0 / 128, 0, wb, gb);
            adamB.step(b, gb, 1e-4);
            for (int l = 0; l < sizes.length - 1; l++) {
                assertThat(a.w[l].data).as("step %d, layer %d", step, l).isEqualTo(b.w[l].data);
                assertThat(a.b[l].data).isEqualTo(b.b[l].data);
            }
        }
        ga.closeNative();
        a.closeNativeWeights();
    }

    @Test
    void theNetworkKeepsNativeCopiesOnlyWhereOpenBlasAndTheVectorApiAreThere() {
        Network net = new Network(new int[] {64, 32, 3}, Activation.TANH, Activation.SOFTMAX, true, MatMul.EJML);
        assertThat(net.useNativeWeights()).isFalse();
        assertThat(net.natives).isNull();
        assumeTrue(OpenBlas.available());
        Network blas = new Network(new int[] {64, 32, 3}, Activation.TANH, Activation.SOFTMAX, true, MatMul.DEFAULT);
        assertThat(blas.useNativeWeights()).isEqualTo(Vectors.ENABLED);
        blas.closeNativeWeights();
        assertThat(blas.natives).isNull();
    }

    private static void assertSameRun(TrainingConfig config) {
        assertSameRun(config, 1);
    }

    private static void assertSameRun(TrainingConfig config, int threads) {
        assertSameRun(config, DATA, threads);
    }

    private static void assertSameRun(TrainingConfig config, TrainingData data, int threads) {
        assumeTrue(OpenBlas.available() && Vectors.ENABLED, "OpenBLAS and the Vector API");
        TrainingResult with = new Trainer(threads).train(config, data, TrainingListener.NONE);
        TrainingResult without = new Trainer(threads).withoutNativeWeights().train(config, data, TrainingListener.NONE);
        NetworkParameters a = with.model().parameters();
        NetworkParameters b = without.model().parameters();
        for (int l = 0; l < a.weights().size(); l++) {
            assertThat(a.weights().get(l)).as("layer %d", l).isDeepEqualTo(b.weights().get(l));
            assertThat(a.biases().get(l)).as("layer %d", l).isEqualTo(b.biases().get(l));
        }
        assertThat(with.epochsRun()).isEqualTo(without.epochsRun());
        assertThat(with.history()).isEqualTo(without.history());
        assertThat(with.train().loss()).isEqualTo(without.train().loss());
        if (with.test() != null) {
            assertThat(with.test().loss()).isEqualTo(without.test().loss());
        }
    }
}
