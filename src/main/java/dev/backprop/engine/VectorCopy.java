package dev.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies between heap rows and native memory with the Vector API, without a JNI call: for the short
 * per-unit rows that {@link BlasMatMul} packs and unpacks (one JNI call per row costs more than the
 * copy itself). Loaded only when {@link Vectors#ENABLED}.
 */
final class VectorCopy {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorCopy() {
    }

    /** dst's doubles from index {@code at} = src[from..from+n). */
    static void intoNative(double[] src, int from, ByteBuffer dst, int at, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, src, from + i).intoByteBuffer(dst, (at + i) * Double.BYTES, ORDER);
        }
        for (; i < n; i++) {
            dst.putDouble((at + i) * Double.BYTES, src[from + i]);
        }
    }

    /** dst[from..from+n) = src's doubles from index {@code at}. */
    static void fromNative(ByteBuffer src, int at, double[] dst, int from, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            DoubleVector.fromByteBuffer(SPECIES, src, (at + i) * Double.BYTES, ORDER).intoArray(dst, from + i);
        }
        for (; i < n; i++) {
            dst[from + i] = src.getDouble((at + i) * Double.BYTES);
        }
    }
}
