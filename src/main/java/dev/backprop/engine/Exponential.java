package dev.backprop.engine;

/**
 * e^x for whole arrays, within 2 ulp of the true value, several times faster than calling
 * {@link Math#exp} per element (its stub is not inlined and runs one element at a time).
 * <p>
 * Range reduction: x = k·ln2 + r with k = rint(x/ln2) and |r| ≤ ln2/2, so e^x = 2^k·e^r.
 * r is computed in two steps (Cody–Waite: ln2 = LN2_HI + LN2_LO, k·LN2_HI exact), e^r by its
 * Taylor polynomial of degree 13 (truncation error below 0.03 ulp). The arithmetic pass has no
 * branches and no integer conversions, so C2 vectorises it; the 2^k scaling needs the bits of
 * the exponent and runs in a second, branch-free pass (one integer add into the exponent field, as
 * e^r ∈ [0.7, 1.42] and 2^k·e^r is normal for −1021 ≤ k ≤ 1023; the rare other values are redone). The results are those of
 * clamping the argument to [−746, 710] first, which keeps k small enough for two-factor scaling:
 * they overflow to +∞ above 709.78, underflow (through the subnormals) to 0 below −745.13, and NaN
 * stays NaN ({@link #exp} clamps; {@link #expInPlace} saturates in its scalar pass, which is cheaper).
 * <p>
 * The array kernels run {@link VectorExponential}'s one-pass Vector API loops when the JVM has the
 * module ({@link Vectors}), with the same values bit for bit; the scalar kernels here are the fallback
 * and the reference.
 */
final class Exponential {

    static final double LOG2_E = 1.44269504088896338700e+00;
    /** ln2's leading bits, with enough trailing zeros that k·LN2_HI is exact for |k| < 2^11. */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** Adding then subtracting 1.5·2^52 rounds to the nearest integer (ties to even). */
    static final double ROUND = 0x1.8p52;
    /**
     * The bits of the shifted value 1.5·2^52 + k for k = −1021; k up to 1023 lies within the next
     * {@link #IN_RANGE_SPAN} bit patterns (the same binade, so the bits count k up one by one).
     */
    static final long IN_RANGE_LOW = Double.doubleToRawLongBits(ROUND) - 1021;
    static final long IN_RANGE_SPAN = 1021 + 1023;
    private static final double MIN_ARG = -746;
    private static final double MAX_ARG = 710;

    static final double C2 = 1.0 / 2;
    static final double C3 = 1.0 / 6;
    static final double C4 = 1.0 / 24;
    static final double C5 = 1.0 / 120;
    static final double C6 = 1.0 / 720;
    static final double C7 = 1.0 / 5040;
    static final double C8 = 1.0 / 40320;
    static final double C9 = 1.0 / 362880;
    static final double C10 = 1.0 / 3628800;
    static final double C11 = 1.0 / 39916800;
    static final double C12 = 1.0 / 479001600;
    static final double C13 = 1.0 / 6227020800.0;

    private Exponential() {
    }

    /** d[i] = e^(sign·d[i]) for i < n, sign ±1 or another factor that scales exactly (2 for tanh); {@code k} is scratch of at least n values. */
    static void expInPlace(double[] d, int n, double sign, double[] k) {
        if (Vectors.ENABLED) {
            VectorExponential.expInPlace(d, n, sign, k);
        } else {
            scalarExpInPlace(d, n, sign, k);
        }
    }

    /** {@link #expInPlace} with the loops C2 vectorises itself (its scaling pass stays scalar). */
    static void scalarExpInPlace(double[] d, int n, double sign, double[] k) {
        reduce(d, d, n, sign, k);
        // d[i] = e^r · 2^k by adding k to the exponent field, branch-free so that it runs several values per
        // instruction: the shifted value's low 12 bits, moved up by 52, are k in two's complement. Correct where
        // the result is normal (−1021 ≤ k ≤ 1023, i.e. the shifted value's bits lie within [IN_RANGE_LOW,
        // IN_RANGE_LOW + IN_RANGE_SPAN]); a range check per value is a branch per value (with one, exp took
        // 2.4 ns per value on rows of 100, without 1.8), so the checks are OR-ed into one sign bit and the rare
        // values are redone afterwards
        long outside = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(k[i]);
            long offset = bits - IN_RANGE_LOW;
            outside |= offset | (IN_RANGE_SPAN - offset);
            d[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(d[i]) + (bits << 52));
        }
        if (outside < 0) {
            redoOutsideNormal(d, n, k);
        }
    }

    /**
     * d[i] = a + b / (1 + e^(sign·d[i])) for i < n, in one pass after the reduction, exactly as that
     * expression over {@link #expInPlace}'s values: the logistic sigmoid (a = 0, b = 1, sign −1) and tanh
     * as 1 − 2/(e^2z + 1) (a = 1, b = −2, sign 2). {@code e} and {@code k} are scratch of at least n values.
     * Its scaling loop is a copy of {@link #expInPlace}'s on purpose: while sigmoid and tanh ran through the
     * code softmax also runs, a JVM that had trained the defaults first ran the case study 30 % slower.
     */
    static void logisticInPlace(double[] d, int n, double sign, double a, double b, double[] e, double[] k) {
        if (Vectors.ENABLED) {
            VectorExponential.logisticInPlace(d, n, sign, a, b, e, k);
        } else {
            scalarLogisticInPlace(d, n, sign, a, b, e, k);
        }
    }

    /** {@link #logisticInPlace} with the loops C2 vectorises itself (its scaling pass stays scalar). */
    static void scalarLogisticInPlace(double[] d, int n, double sign, double a, double b, double[] e, double[] k) {
        reduce(d, e, n, sign, k);
        long outside = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(k[i]);
            long offset = bits - IN_RANGE_LOW;
            outside |= offset | (IN_RANGE_SPAN - offset);
            d[i] = a + b / (1 + Double.longBitsToDouble(Double.doubleToRawLongBits(e[i]) + (bits << 52)));
        }
        if (outside < 0) {
            for (int i = 0; i < n; i++) {
                long offset = Double.doubleToRawLongBits(k[i]) - IN_RANGE_LOW;
                if ((offset | (IN_RANGE_SPAN - offset)) < 0) {
                    d[i] = a + b / (1 + outsideNormal(e[i], k[i] - ROUND));
                }
            }
        }
    }

    /**
     * The vectorised range reduction: e[i] = e^r and k[i] = 1.5·2^52 + k for x = sign·d[i] = k·ln2 + r, the
     * shifted value's low mantissa bits holding the power of two still to apply (e may be d). No clamping
     * here (JDK 17's Math.min/max cost a third of this loop): outside [−746, 710] r is garbage, and the
     * scaling pass, which sees k out of range, puts the saturated result in its place.
     */
    private static void reduce(double[] d, double[] e, int n, double sign, double[] k) {
        for (int i = 0; i < n; i++) {
            double x = sign * d[i];
            double shifted = Math.fma(x, LOG2_E, ROUND);
            double kn = shifted - ROUND;
            e[i] = expReduced(Math.fma(-kn, LN2_LO, Math.fma(-kn, LN2_HI, x)));
            k[i] = shifted;
        }
    }

    /**
     * The values whose k is outside [−1021, 1023] (or NaN, or beyond the rounding trick's range): their
     * e^r comes back exactly by subtracting what the branch-free pass added, then {@link #outsideNormal}.
     */
    private static void redoOutsideNormal(double[] d, int n, double[] k) {
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(k[i]);
            long offset = bits - IN_RANGE_LOW;
            if ((offset | (IN_RANGE_SPAN - offset)) < 0) {
                double expR = Double.longBitsToDouble(Double.doubleToRawLongBits(d[i]) - (bits << 52));
                d[i] = outsideNormal(expR, k[i] - ROUND);
            }
        }
    }

    /**
     * The rare results: e^r·2^k for k in [−1077, −1022] or 1024 (subnormal or overflowing, as {@link #scale}
     * rounds them); +∞ above, 0 below, where x lies beyond [−746, 710] and e^r is not even computed
     * right; NaN for NaN (kd is NaN then). The same values as clamping x to [−746, 710] first.
     */
    private static double outsideNormal(double expR, double kd) {
        if (kd > 1024) {
            return Double.POSITIVE_INFINITY;
        }
        if (kd < -1077) {
            return 0;
        }
        if (kd != kd) {
            return Double.NaN;
        }
        return scale(expR, (int) kd);
    }

    /** e^x for one value, the same arithmetic as {@link #expInPlace}. */
    static double exp(double x) {
        double c = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        double kn = Math.fma(c, LOG2_E, ROUND) - ROUND;
        return scale(expReduced(Math.fma(-kn, LN2_LO, Math.fma(-kn, LN2_HI, c))), (int) kn);
    }

    /** e^r for |r| ≤ ½ln2 (a hair more after rounding): 1 + r + r²·(1/2! + r/3! + … + r^11/13!). */
    private static double expReduced(double r) {
        double p = Math.fma(r, C13, C12);
        p = Math.fma(r, p, C11);
        p = Math.fma(r, p, C10);
        p = Math.fma(r, p, C9);
        p = Math.fma(r, p, C8);
        p = Math.fma(r, p, C7);
        p = Math.fma(r, p, C6);
        p = Math.fma(r, p, C5);
        p = Math.fma(r, p, C4);
        p = Math.fma(r, p, C3);
        p = Math.fma(r, p, C2);
        return 1 + Math.fma(r * r, p, r);
    }

    /**
     * p·2^k for |k| ≤ 1077, as p·2^h·2^(k−h) with h = ⌊k/2⌋: both factors are normal numbers, so
     * the first product is exact and only the second rounds (once, also into the subnormals).
     */
    private static double scale(double p, int k) {
        int h = k >> 1;
        return p * Double.longBitsToDouble((long) (h + 1023) << 52)
                * Double.longBitsToDouble((long) (k - h + 1023) << 52);
    }
}
