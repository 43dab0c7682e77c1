package dev.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Optimizer.Adam}'s update of one weight matrix from a gradient in native memory, writing the
 * new weights to the heap and to native memory ({@link NativeWeights}): lane by lane the scalar
 * update's operations, so bit for bit its values. On request it leaves +0.0 in the gradient's place,
 * for the next product to add to: a store into lines it has just read costs the loop (bound by memory
 * traffic) next to nothing, where OpenBLAS would zero the output in a pass of its own. Loaded only when
 * {@link Vectors#ENABLED}.
 */
final class VectorAdam {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorAdam() {
    }

    /**
     * The update of p[from..to) from g's doubles at the same indices, writing them to out at the same
     * indices too; with {@code clear}, +0.0 is left in g's.
     */
    static void update(double[] p, ByteBuffer g, double[] m, double[] v, ByteBuffer out, double l2, double lrT,
                       double beta1, double beta2, double eps, int from, int to, boolean clear) {
        DoubleVector b1 = DoubleVector.broadcast(SPECIES, beta1);
        DoubleVector c1 = DoubleVector.broadcast(SPECIES, 1 - beta1);
        DoubleVector b2 = DoubleVector.broadcast(SPECIES, beta2);
        DoubleVector c2 = DoubleVector.broadcast(SPECIES, 1 - beta2);
        DoubleVector e = DoubleVector.broadcast(SPECIES, eps);
        DoubleVector rate = DoubleVector.broadcast(SPECIES, lrT);
        DoubleVector decay = DoubleVector.broadcast(SPECIES, l2);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
            DoubleVector pi = DoubleVector.fromArray(SPECIES, p, i);
            // the scalar update's gi = g + l2·p, m = β₁·m + (1 − β₁)·gi, v = β₂·v + (1 − β₂)·gi·gi, p −= lr_t·m/(√v + ε)
            DoubleVector gi = DoubleVector.fromByteBuffer(SPECIES, g, i * Double.BYTES, ORDER).add(decay.mul(pi));
            if (clear) {
                zero.intoByteBuffer(g, i * Double.BYTES, ORDER);
            }
            DoubleVector mi = b1.mul(DoubleVector.fromArray(SPECIES, m, i)).add(c1.mul(gi));
            DoubleVector vi = b2.mul(DoubleVector.fromArray(SPECIES, v, i)).add(c2.mul(gi).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            DoubleVector next = pi.sub(rate.mul(mi).div(vi.sqrt().add(e)));
            next.intoArray(p, i);
            next.intoByteBuffer(out, i * Double.BYTES, ORDER);
        }
        for (; i < to; i++) {
            double gi = g.getDouble(i * Double.BYTES) + l2 * p[i];
            if (clear) {
                g.putDouble(i * Double.BYTES, 0);
            }
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
            out.putDouble(i * Double.BYTES, p[i]);
        }
    }

    /** sum's doubles [from, to) += other's. */
    static void add(ByteBuffer sum, ByteBuffer other, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
            DoubleVector s = DoubleVector.fromByteBuffer(SPECIES, sum, i * Double.BYTES, ORDER);
            DoubleVector o = DoubleVector.fromByteBuffer(SPECIES, other, i * Double.BYTES, ORDER);
            s.add(o).intoByteBuffer(sum, i * Double.BYTES, ORDER);
        }
        for (; i < to; i++) {
            sum.putDouble(i * Double.BYTES, sum.getDouble(i * Double.BYTES) + other.getDouble(i * Double.BYTES));
        }
    }
}
