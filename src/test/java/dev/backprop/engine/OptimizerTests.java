package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * One step of each update rule against its formula, with weight decay: the rules add λ·W to the
 * weights' gradient themselves (never to the biases'), so the trainer's backward pass leaves it out.
 */
class OptimizerTests {

    private static final double LR = 0.1;
    private static final double L2 = 0.5;

    /** A 2-3 network with biases: weights w[j][i] = 0.1·(1 + j·2 + i), biases −0.2·(j + 1). */
    private static Network network() {
        Network net = new Network(new int[] {2, 3}, Activation.TANH, Activation.SOFTMAX, true, MatMul.EJML);
        for (int i = 0; i < 6; i++) {
            net.w[0].data[i] = 0.1 * (1 + i);
        }
        for (int j = 0; j < 3; j++) {
            net.b[0].data[j] = -0.2 * (j + 1);
        }
        return net;
    }

    private static Gradients gradients(Network net) {
        Gradients g = new Gradients(net);
        for (int i = 0; i < 6; i++) {
            g.w[0].data[i] = 0.3 - 0.1 * i;
        }
        for (int j = 0; j < 3; j++) {
            g.b[0].data[j] = 0.05 * (j - 1);
        }
        return g;
    }

    @Test
    void sgdDescendsAlongTheGradientPlusWeightDecay() {
        Network net = network();
        Network before = network();
        Gradients g = gradients(net);
        Optimizer.create(OptimizerType.SGD, LR, net).step(net, g, L2);
        for (int i = 0; i < 6; i++) {
            double w = before.w[0].data[i];
            assertThat(net.w[0].data[i]).isCloseTo(w - LR * (g.w[0].data[i] + L2 * w), within(1e-15));
        }
        for (int j = 0; j < 3; j++) {
            assertThat(net.b[0].data[j]).isCloseTo(before.b[0].data[j] - LR * g.b[0].data[j], within(1e-15));
        }
    }

    @Test
    void momentumsFirstStepIsSgdsAndItsSecondAddsTheVelocity() {
        Network net = network();
        Gradients g = gradients(net);
        Optimizer momentum = Optimizer.create(OptimizerType.MOMENTUM, LR, net);
        double w0 = net.w[0].data[4];
        momentum.step(net, g, L2);
        double v1 = -LR * (g.w[0].data[4] + L2 * w0);
        assertThat(net.w[0].data[4]).isCloseTo(w0 + v1, within(1e-15));
        double w1 = net.w[0].data[4];
        momentum.step(net, g, L2);
        assertThat(net.w[0].data[4]).isCloseTo(w1 + 0.9 * v1 - LR * (g.w[0].data[4] + L2 * w1), within(1e-15));
    }

    @Test
    void adamsFirstStepUsesTheDecayedGradientForBothMoments() {
        Network net = network();
        Network before = network();
        Gradients g = gradients(net);
        Optimizer.create(OptimizerType.ADAM, LR, net).step(net, g, L2);
        // step 1: m = (1 − β₁)·g, v = (1 − β₂)·g², w −= lr·√(1 − β₂)/(1 − β₁)·m/(√v + ε)
        double lrT = LR * Math.sqrt(1 - 0.999) / (1 - 0.9);
        for (int i = 0; i < 6; i++) {
            double w = before.w[0].data[i];
            double gi = g.w[0].data[i] + L2 * w;
            double m = 0.1 * gi;
            double v = 0.001 * gi * gi;
            assertThat(net.w[0].data[i]).isCloseTo(w - lrT * m / (Math.sqrt(v) + 1e-8), within(1e-12));
        }
        for (int j = 0; j < 3; j++) {
            double gj = g.b[0].data[j];
            double expected = gj == 0 ? before.b[0].data[j]
                    : before.b[0].data[j] - lrT * 0.1 * gj / (Math.sqrt(0.001 * gj * gj) + 1e-8);
            assertThat(net.b[0].data[j]).isCloseTo(expected, within(1e-12));
        }
    }
}
