package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every analytic gradient with a central difference (L(w+ε) − L(w−ε)) / 2ε of the
 * objective the trainer minimises, for every hidden activation × output activation × loss,
 * one and two hidden layers, with and without biases, on one row and on several rows.
 */
class GradientCheckTests {

    private static final double EPS = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final double L2 = 0.01;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
            for (Activation output : List.of(Activation.SIGMOID, Activation.SOFTMAX)) {
                for (Loss loss : Loss.values()) {
                    for (int[] hiddenLayers : List.of(new int[] {4}, new int[] {4, 3})) {
                        for (boolean bias : List.of(true, false)) {
                            for (int rows : List.of(1, 5)) {
                                all.add(Arguments.of(hidden, output, loss, hiddenLayers, bias, rows));
                            }
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} → {1}, {2}, hidden {3}, bias {4}, {5} rows")
    @MethodSource("combinations")
    void analyticGradientsMatchCentralDifferences(Activation hidden, Activation output, Loss loss, int[] hiddenLayers,
                                                   boolean bias, int rows) {
        int inputs = 3;
        int classes = 3;
        int[] sizes = new int[hiddenLayers.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hiddenLayers, 0, sizes, 1, hiddenLayers.length);
        sizes[sizes.length - 1] = classes;

        SplittableRandom rng = new SplittableRandom(42 + rows);
        Network net = new Network(sizes, hidden, output, bias, MatMul.EJML);
        net.initialize(WeightInit.XAVIER, rng);
        for (DMatrixRMaj b : net.b) {
            for (int i = 0; i < b.data.length; i++) {
                b.data[i] = bias ? rng.nextDouble() - 0.5 : 0;
            }
        }
        // the engine is feature-major: one column per example
        DMatrixRMaj xm = new DMatrixRMaj(inputs, rows);
        DMatrixRMaj ym = new DMatrixRMaj(classes, rows);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inputs; j++) {
                xm.set(j, r, rng.nextDouble() * 4 - 2);
            }
            ym.set(rng.nextInt(classes), r, 1);
        }
        Batch x = Batch.of(xm);
        Batch y = Batch.of(ym);
        double scale = 1.0 / rows;
        Workspace ws = new Workspace(sizes, rows);
        Gradients g = new Gradients(net);
        net.forward(x, ws);
        net.backward(x, y, loss, scale, L2, ws, g);

        int checked = 0;
        for (int l = 0; l < net.layers(); l++) {
            checked += check(net, net.w[l], g.w[l], x, y, loss, scale, ws, "w" + l);
            if (bias) {
                checked += check(net, net.b[l], g.b[l], x, y, loss, scale, ws, "b" + l);
            }
        }
        assertThat(checked).isEqualTo(Network.parameterCount(sizes, bias));
    }

    static Stream<Arguments> regressions() {
        List<Arguments> all = new ArrayList<>();
        for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
            for (int[] hiddenLayers : List.of(new int[] {4}, new int[] {4, 3})) {
                for (int rows : List.of(1, 5)) {
                    all.add(Arguments.of(hidden, hiddenLayers, rows));
                }
            }
        }
        return all.stream();
    }

    /** The regression head: a linear output under the squared error, on continuous targets. */
    @ParameterizedTest(name = "{0} → linear, mse, hidden {1}, {2} rows")
    @MethodSource("regressions")
    void theRegressionHeadsGradientsMatchCentralDifferences(Activation hidden, int[] hiddenLayers, int rows) {
        int inputs = 3;
        int[] sizes = new int[hiddenLayers.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hiddenLayers, 0, sizes, 1, hiddenLayers.length);
        sizes[sizes.length - 1] = 1;

        SplittableRandom rng = new SplittableRandom(7 + rows);
        Network net = new Network(sizes, hidden, Activation.LINEAR, true, MatMul.EJML);
        net.initialize(WeightInit.XAVIER, rng);
        DMatrixRMaj xm = new DMatrixRMaj(inputs, rows);
        DMatrixRMaj ym = new DMatrixRMaj(1, rows);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inputs; j++) {
                xm.set(j, r, rng.nextDouble() * 4 - 2);
            }
            ym.set(0, r, rng.nextGaussian() * 2);
        }
        Batch x = Batch.of(xm);
        Batch y = Batch.of(ym);
        double scale = 1.0 / rows;
        Workspace ws = new Workspace(sizes, rows);
        Gradients g = new Gradients(net);
        net.forward(x, ws);
        net.backward(x, y, Loss.MSE, scale, L2, ws, g);

        int checked = 0;
        for (int l = 0; l < net.layers(); l++) {
            checked += check(net, net.w[l], g.w[l], x, y, Loss.MSE, scale, ws, "w" + l);
            checked += check(net, net.b[l], g.b[l], x, y, Loss.MSE, scale, ws, "b" + l);
        }
        assertThat(checked).isEqualTo(Network.parameterCount(sizes, true));
    }

    private static int check(Network net, DMatrixRMaj param, DMatrixRMaj grad, Batch x, Batch y,
                             Loss loss, double scale, Workspace ws, String name) {
        for (int i = 0; i < param.getNumElements(); i++) {
            double original = param.data[i];
            param.data[i] = original + EPS;
            double plus = objective(net, x, y, loss, scale, ws);
            param.data[i] = original - EPS;
            double minus = objective(net, x, y, loss, scale, ws);
            param.data[i] = original;
            double numeric = (plus - minus) / (2 * EPS);
            double analytic = grad.data[i];
            double relative = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-8);
            assertThat(relative)
                    .as("%s[%d]: analytic %s vs numeric %s", name, i, analytic, numeric)
                    .isLessThan(TOLERANCE);
        }
        return param.getNumElements();
    }

    private static double objective(Network net, Batch x, Batch y, Loss loss, double scale, Workspace ws) {
        net.forward(x, ws);
        return scale * Network.lossSum(loss, net.output, ws.output(), y) + net.l2Penalty(L2);
    }
}
