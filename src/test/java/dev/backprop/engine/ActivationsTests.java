package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The vectorised activations against {@link Math}'s functions, over every row length up to 40 and the extremes. */
class ActivationsTests {

    @Test
    void tanhIsWithinOneEMinus15OfMathTanh() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n = 1; n <= 40; n++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                // mostly where tanh bends, some far out in its tails
                z[i] = i % 5 == 0 ? (rng.nextDouble() * 2 - 1) * 400 : (rng.nextDouble() * 2 - 1) * 4;
            }
            checkTanh(z);
        }
        checkTanh(new double[] {0, -0.0, 1e-300, -1e-300, 1e-9, -1e-9, 0.5, -0.5, 18.5, -18.5, 19.1, 354, 355,
                -355, 400, -400, 1e6, -1e6, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
    }

    @Test
    void tanhKeepsNaN() {
        Batch m = new Batch(1, 3);
        m.row[0][0] = Double.NaN;
        m.row[0][1] = 1;
        m.row[0][2] = Double.NaN;
        Activations.apply(Activation.TANH, m, new double[3], new double[3]);
        assertThat(m.row[0][0]).isNaN();
        assertThat(m.row[0][1]).isCloseTo(Math.tanh(1), within(1e-15));
        assertThat(m.row[0][2]).isNaN();
    }

    @Test
    void reluDerivativeIsTheIndicatorOfAPositiveActivation() {
        double[] a = {0, Double.MIN_VALUE, 1e-310, Double.MIN_NORMAL, 1e-200, 0.5, 1, 3e5, Double.MAX_VALUE, 0, 2};
        double[] d = {3, -2, 5, 7, -1e-300, 0.25, -4, 1e300, 2, -5, Double.MIN_VALUE};
        Batch act = new Batch(1, a.length);
        Batch delta = new Batch(1, a.length);
        System.arraycopy(a, 0, act.row[0], 0, a.length);
        System.arraycopy(d, 0, delta.row[0], 0, a.length);
        Activations.multiplyByDerivative(Activation.RELU, act, delta);
        for (int i = 0; i < a.length; i++) {
            double expected = a[i] > 0 ? d[i] : 0;
            // == rather than equals: the select gives +0 where this gives −0 (δ < 0, a = 0), the same number
            assertThat(delta.row[0][i] == expected).as("relu'(%s)·%s = %s", a[i], d[i], delta.row[0][i]).isTrue();
        }
    }

    private static void checkTanh(double[] z) {
        Batch m = new Batch(1, z.length);
        System.arraycopy(z, 0, m.row[0], 0, z.length);
        Activations.apply(Activation.TANH, m, new double[z.length], new double[z.length]);
        for (int i = 0; i < z.length; i++) {
            double a = m.row[0][i];
            assertThat(a).as("tanh(%s)", z[i]).isCloseTo(Math.tanh(z[i]), within(1e-15));
            assertThat(Math.abs(a)).as("|tanh(%s)|", z[i]).isLessThanOrEqualTo(1);
        }
    }
}
