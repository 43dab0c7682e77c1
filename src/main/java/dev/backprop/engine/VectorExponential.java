package dev.backprop.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Exponential}'s array kernels in one pass with the JDK's Vector API, bit for bit the same values:
 * every step is the same IEEE operation lane by lane. Why it exists: C2 (JDK 17) does not vectorise the
 * reinterpretation between a double's value and its bits, so the scalar kernels' 2^k scaling runs one
 * value at a time in a second pass (about half of a sigmoid's time); here it is two integer lane
 * operations in registers, and the reduction's e^r and k are never stored. Loaded only when
 * {@link Vectors#ENABLED}: the module {@code jdk.incubator.vector} must be added to the JVM.
 */
final class VectorExponential {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    private VectorExponential() {
    }

    static int lanes() {
        return SPECIES.length();
    }

    /** As {@link Exponential#expInPlace}: d[i] = e^(sign·d[i]) for i < n; {@code out} is scratch of n values. */
    static void expInPlace(double[] d, int n, double sign, double[] out) {
        int lanes = SPECIES.length();
        if (n < lanes) {
            Exponential.scalarExpInPlace(d, n, sign, out);
            return;
        }
        LongVector outside = LongVector.zero(LONGS);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += lanes) {
            outside = outside.or(exp(d, i, sign, out));
        }
        long last = 0;
        if (i < n) {
            // the last vector ends at n, overlapping the one before: the inputs are intact until the copy
            last = expLast(d, n - lanes, sign, out);
        }
        if ((outside.reduceLanes(VectorOperators.OR) | last) < 0) {
            Exponential.scalarExpInPlace(d, n, sign, out);
        } else {
            System.arraycopy(out, 0, d, 0, n);
        }
    }

    /** As {@link Exponential#logisticInPlace}: d[i] = a + b / (1 + e^(sign·d[i])) for i < n; e and k are scratch of n values. */
    static void logisticInPlace(double[] d, int n, double sign, double a, double b, double[] e, double[] k) {
        int lanes = SPECIES.length();
        if (n < lanes) {
            Exponential.scalarLogisticInPlace(d, n, sign, a, b, e, k);
            return;
        }
        DoubleVector av = c(a);
        DoubleVector bv = c(b);
        LongVector outside = LongVector.zero(LONGS);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += lanes) {
            outside = outside.or(logistic(d, i, sign, av, bv, e));
        }
        long last = 0;
        if (i < n) {
            last = logisticLast(d, n - lanes, sign, a, b, e);
        }
        if ((outside.reduceLanes(VectorOperators.OR) | last) < 0) {
            Exponential.scalarLogisticInPlace(d, n, sign, a, b, e, k);
        } else {
            System.arraycopy(e, 0, d, 0, n);
        }
    }

    /** out[at..] = e^(sign·d[at..]) for one vector; negative lanes where the value needs the scalar kernel. */
    private static LongVector exp(double[] d, int at, double sign, double[] out) {
        DoubleVector x = DoubleVector.fromArray(SPECIES, d, at).mul(sign);
        DoubleVector shifted = x.fma(Exponential.LOG2_E, Exponential.ROUND);
        LongVector bits = shifted.reinterpretAsLongs();
        scaled(x, shifted, bits).intoArray(out, at);
        return outsideNormal(bits);
    }

    /** out[at..] = a + b / (1 + e^(sign·d[at..])) for one vector; negative lanes as {@link #exp}'s. */
    private static LongVector logistic(double[] d, int at, double sign, DoubleVector a, DoubleVector b, double[] out) {
        DoubleVector x = DoubleVector.fromArray(SPECIES, d, at).mul(sign);
        DoubleVector shifted = x.fma(Exponential.LOG2_E, Exponential.ROUND);
        LongVector bits = shifted.reinterpretAsLongs();
        // b / (1 + e) + a, the scalar kernel's a + b/(1 + e) (addition commutes exactly)
        b.div(scaled(x, shifted, bits).add(1.0)).add(a).intoArray(out, at);
        return outsideNormal(bits);
    }

    /**
     * The last vector, in a method of its own: C2 stops inlining a second copy of the vector code into
     * the caller (its node count), and a vector passed to or returned from a call that is not inlined is
     * boxed on the heap; primitives cross this call instead.
     */
    private static long expLast(double[] d, int at, double sign, double[] out) {
        return exp(d, at, sign, out).reduceLanes(VectorOperators.OR);
    }

    /** {@link #logistic} for the last vector, as {@link #expLast}. */
    private static long logisticLast(double[] d, int at, double sign, double a, double b, double[] out) {
        return logistic(d, at, sign, c(a), c(b), out).reduceLanes(VectorOperators.OR);
    }

    /**
     * Negative in the lanes whose k lies outside [−1021, 1023] (or is NaN, or beyond the rounding trick's
     * range): the scalar kernels' check, lane by lane. Rare; the caller then redoes the whole array with
     * the scalar kernel, from its inputs, which the vector pass leaves untouched.
     */
    private static LongVector outsideNormal(LongVector bits) {
        LongVector offset = bits.sub(Exponential.IN_RANGE_LOW);
        return offset.or(offset.neg().add(Exponential.IN_RANGE_SPAN));
    }

    /** e^x = 2^k·e^r with the shifted value's bits holding k, as {@link Exponential}'s reduction and scaling. */
    private static DoubleVector scaled(DoubleVector x, DoubleVector shifted, LongVector bits) {
        DoubleVector minusK = shifted.sub(Exponential.ROUND).neg();
        DoubleVector r = minusK.fma(c(Exponential.LN2_LO), minusK.fma(c(Exponential.LN2_HI), x));
        DoubleVector p = r.fma(c(Exponential.C13), c(Exponential.C12));
        p = r.fma(p, c(Exponential.C11));
        p = r.fma(p, c(Exponential.C10));
        p = r.fma(p, c(Exponential.C9));
        p = r.fma(p, c(Exponential.C8));
        p = r.fma(p, c(Exponential.C7));
        p = r.fma(p, c(Exponential.C6));
        p = r.fma(p, c(Exponential.C5));
        p = r.fma(p, c(Exponential.C4));
        p = r.fma(p, c(Exponential.C3));
        p = r.fma(p, c(Exponential.C2));
        DoubleVector expR = r.mul(r).fma(p, r).add(1.0);
        return expR.reinterpretAsLongs().add(bits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
    }

    private static DoubleVector c(double value) {
        return DoubleVector.broadcast(SPECIES, value);
    }
}
