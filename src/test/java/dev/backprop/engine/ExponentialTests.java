package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Exponential} against {@link StrictMath#exp} (fdlibm, under 1 ulp) and {@link Math#exp}. */
class ExponentialTests {

    private static final double[] EDGES = {0, -0.0, 1, -1, 1e-300, -1e-300, 0x1p-1074, Math.log(2) / 2,
            -Math.log(2) / 2, 700, -700, 708.39, -708.39, 709, -709, 709.78, 709.7827128933840, 709.79, 710, 711,
            -744, -745, -745.13, -745.1332191019411, -745.14, -746, -800, 1e300, -1e300, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_VALUE};

    @Test
    void withinTwoUlpOverTheWholeRange() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 2_000_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> rng.nextDouble(-746, 710);
                case 1 -> rng.nextDouble(-1, 1);
                case 2 -> rng.nextDouble(-40, 40);
                default -> rng.nextDouble(-746, -700);
            };
        }
        System.arraycopy(EDGES, 0, x, 0, EDGES.length);
        double[] y = x.clone();
        Exponential.expInPlace(y, n, 1, new double[n]);
        for (int i = 0; i < n; i++) {
            assertWithinTwoUlp(x[i], y[i], StrictMath.exp(x[i]));
            assertWithinTwoUlp(x[i], y[i], Math.exp(x[i]));
            assertThat(Exponential.exp(x[i])).isEqualTo(y[i]);
        }
    }

    @Test
    void negatedArgumentsAsSigmoidUsesThem() {
        double[] y = {3, -3, 746, -710};
        Exponential.expInPlace(y, y.length, -1, new double[y.length]);
        assertThat(y[0]).isCloseTo(Math.exp(-3), org.assertj.core.api.Assertions.within(1e-16));
        assertThat(y[1]).isCloseTo(Math.exp(3), org.assertj.core.api.Assertions.within(1e-14));
        assertThat(y[2]).isEqualTo(0.0);
        assertThat(y[3]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void specialValues() {
        double[] y = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 710, -746, 0};
        Exponential.expInPlace(y, y.length, 1, new double[y.length]);
        assertThat(y[0]).isNaN();
        assertThat(y[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(y[2]).isEqualTo(0.0);
        assertThat(y[3]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(y[4]).isEqualTo(0.0);
        assertThat(y[5]).isEqualTo(1.0);
        assertThat(Exponential.exp(Double.NaN)).isNaN();
    }

    private static void assertWithinTwoUlp(double x, double actual, double expected) {
        if (Double.isInfinite(expected) || expected == 0) {
            assertThat(actual).as("e^%s", x).isEqualTo(expected);
            return;
        }
        double ulps = Math.abs(actual - expected) / Math.ulp(expected);
        assertThat(ulps).as("e^%s = %s, expected %s", x, actual, expected).isLessThanOrEqualTo(2);
    }
}
