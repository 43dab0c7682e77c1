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

    /**
     * The fused sigmoid and tanh give, bit for bit, the expression they replace over the exponentials, on
     * arrays where the rare values (subnormal, overflowing, NaN, ±∞) sit among ordinary ones, so that both
     * the branch-free pass and the pass that redoes the rare values are exercised.
     */
    @Test
    void logisticIsTheExpressionOverTheExponentialsBitForBit() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 355, -355, 372.6,
                -372.6, 373, -373, 709.79, -709.79, 745.2, -745.2, 800, -800, 1e16, -1e16, 1e300, -1e300};
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + rng.nextInt(140);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextInt(8) == 0 ? special[rng.nextInt(special.length)]
                        : rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(4));
            }
            for (double[] form : new double[][] {{-1, 0, 1}, {2, 1, -2}}) {
                double sign = form[0];
                double a = form[1];
                double b = form[2];
                double[] expected = z.clone();
                Exponential.expInPlace(expected, n, sign, new double[n]);
                for (int i = 0; i < n; i++) {
                    expected[i] = a + b / (1 + expected[i]);
                }
                double[] actual = z.clone();
                Exponential.logisticInPlace(actual, n, sign, a, b, new double[n], new double[n]);
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(actual[i])).as("%s + %s/(1 + e^(%s·%s))", a, b, sign, z[i])
                            .isEqualTo(Double.doubleToRawLongBits(expected[i]));
                }
            }
        }
    }

    /**
     * The Vector API kernels (the tests' JVMs add the module, as the service's launch paths do) give the
     * scalar kernels' values bit for bit, at every length around the vector width (the tail and whole
     * vectors) and with the rare values in any lane, where a whole vector is redone one value at a time.
     */
    @Test
    void vectorKernelsGiveTheScalarKernelsValuesBitForBit() {
        assertThat(Vectors.ENABLED).as("the tests' JVMs run with --add-modules=" + Vectors.MODULE).isTrue();
        SplittableRandom rng = new SplittableRandom(13);
        for (int trial = 0; trial < 20_000; trial++) {
            int n = rng.nextInt(70);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextInt(10) == 0 ? EDGES_AND_SPECIALS[rng.nextInt(EDGES_AND_SPECIALS.length)]
                        : rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(4));
            }
            for (double[] form : new double[][] {{-1, 0, 1}, {2, 1, -2}, {1, 0, 0}}) {
                double sign = form[0];
                double[] expected = z.clone();
                double[] actual = z.clone();
                if (form[2] == 0) {
                    Exponential.scalarExpInPlace(expected, n, sign, new double[n]);
                    VectorExponential.expInPlace(actual, n, sign, new double[n]);
                } else {
                    Exponential.scalarLogisticInPlace(expected, n, sign, form[1], form[2], new double[n], new double[n]);
                    VectorExponential.logisticInPlace(actual, n, sign, form[1], form[2], new double[n], new double[n]);
                }
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(actual[i])).as("%s at %d of %d, form %s", z[i], i, n,
                            java.util.Arrays.toString(form)).isEqualTo(Double.doubleToRawLongBits(expected[i]));
                }
            }
        }
    }

    private static final double[] EDGES_AND_SPECIALS = java.util.stream.DoubleStream.concat(
            java.util.Arrays.stream(EDGES), java.util.stream.DoubleStream.of(Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, 355, -355, 372.6, -372.6, 373, -373, 745.2, -745.2, 1e16, -1e16))
            .toArray();

    private static void assertWithinTwoUlp(double x, double actual, double expected) {
        if (Double.isInfinite(expected) || expected == 0) {
            assertThat(actual).as("e^%s", x).isEqualTo(expected);
            return;
        }
        double ulps = Math.abs(actual - expected) / Math.ulp(expected);
        assertThat(ulps).as("e^%s = %s, expected %s", x, actual, expected).isLessThanOrEqualTo(2);
    }
}
