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
        if (n < SPECIES.length() || !pass(d, n, sign, false, 0, 1, out)) {
            Exponential.scalarExpInPlace(d, n, sign, out);
        }
    }

    /**
     * As {@link Exponential#logisticInPlace}: d[i] = a + b / (1 + e^(sign·d[i])) for i < n; e and k are
     * scratch of n values.
     */
    static void logisticInPlace(double[] d, int n, double sign, double a, double b, double[] e, double[] k) {
        if (n < SPECIES.length() || !pass(d, n, sign, true, a, b, e)) {
            Exponential.scalarLogisticInPlace(d, n, sign, a, b, e, k);
        }
    }

    /**
     * The vector pass for n ≥ one vector: e^x, or a + b/(1 + e^x) with {@code logistic}, for x = sign·d[i],
     * into {@code out}, then copied over d; false, with d untouched, when a value needs the scalar kernel
     * (its k outside [−1021, 1023], NaN, or beyond the rounding trick's range: the scalar kernels' check,
     * lane by lane). One method with no vector crossing a call: a vector passed to a call C2 does not
     * inline (its node budget decides, not the code) is boxed on the heap, once per call.
     */
    private static boolean pass(double[] d, int n, double sign, boolean logistic, double a, double b, double[] out) {
        int lanes = SPECIES.length();
        DoubleVector av = c(a);
        DoubleVector bv = c(b);
        LongVector outside = LongVector.zero(LONGS);
        for (int i = 0; i < n; i += lanes) {
            // the last vector ends at n, overlapping the one before: d stays intact until the copy
            int at = Math.min(i, n - lanes);
            DoubleVector x = DoubleVector.fromArray(SPECIES, d, at).mul(sign);
            DoubleVector shifted = x.fma(Exponential.LOG2_E, Exponential.ROUND);
            LongVector bits = shifted.reinterpretAsLongs();
            // e^r for x = k·ln2 + r: Exponential's reduction and polynomial
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
            // ·2^k: k (the shifted value's low bits) added to the exponent field
            DoubleVector e = expR.reinterpretAsLongs().add(bits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            if (logistic) {
                // b / (1 + e) + a is the scalar kernel's a + b/(1 + e): addition commutes exactly
                bv.div(e.add(1.0)).add(av).intoArray(out, at);
            } else {
                e.intoArray(out, at);
            }
            LongVector offset = bits.sub(Exponential.IN_RANGE_LOW);
            outside = outside.or(offset.or(offset.neg().add(Exponential.IN_RANGE_SPAN)));
        }
        if (outside.reduceLanes(VectorOperators.OR) < 0) {
            return false;
        }
        System.arraycopy(out, 0, d, 0, n);
        return true;
    }

    private static DoubleVector c(double value) {
        return DoubleVector.broadcast(SPECIES, value);
    }
}
