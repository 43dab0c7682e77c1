package dev.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bytedeco.javacpp.DoublePointer;
import org.ejml.data.DMatrixRMaj;

/**
 * Native copies of a network's weight matrices and of their gradients, for a one-thread Adam run on
 * OpenBLAS: dgemm writes ∂W into native memory and Adam reads it from there ({@link VectorAdam}), and
 * Adam writes the new W into native memory too, where the next forward product reads it. That spares
 * two copies of every large weight matrix per batch through JNI (∂W out of native memory, W into it:
 * 2 × 800 KB per batch for 784-128-10). The heap matrices stay the model: the same values, bit for
 * bit. Used by the thread that made it only (the evaluation's other threads read the heap matrices);
 * closed at the end of the run.
 */
final class NativeWeights implements AutoCloseable {

    private final Thread owner = Thread.currentThread();
    private final DoublePointer[] w;
    private final DoublePointer[] g;
    final ByteBuffer[] wView;
    final ByteBuffer[] gView;
    /** Whether layer l's native W equals the heap W. */
    private final boolean[] current;
    /** Whether layer l's last ∂W is in native memory (and not in the heap gradient). */
    private final boolean[] gradientHere;
    /** Whether layer l's native ∂W holds only +0.0: the update leaves it so, for the next product to add to. */
    private final boolean[] gradientZero;

    NativeWeights(Network net) {
        int layers = net.layers();
        w = new DoublePointer[layers];
        g = new DoublePointer[layers];
        wView = new ByteBuffer[layers];
        gView = new ByteBuffer[layers];
        current = new boolean[layers];
        gradientHere = new boolean[layers];
        gradientZero = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            long n = net.w[l].getNumElements();
            w[l] = new DoublePointer(n);
            g[l] = new DoublePointer(n).zero();
            wView[l] = w[l].asByteBuffer().order(ByteOrder.nativeOrder());
            gView[l] = g[l].asByteBuffer().order(ByteOrder.nativeOrder());
            gradientZero[l] = true;
        }
    }

    /**
     * a = W·in for layer l with W's native copy (brought up to date from the heap W first if it is not);
     * false, with nothing done, on another thread or where the product is not OpenBLAS's.
     */
    boolean forward(int l, DMatrixRMaj heap, BlasMatMul blas, Batch in, Batch a) {
        if (Thread.currentThread() != owner || !BlasMatMul.large(heap.numRows, in.cols, heap.numCols)) {
            return false;
        }
        if (!current[l]) {
            w[l].position(0).put(heap.data, 0, heap.getNumElements());
            w[l].position(0);
            current[l] = true;
        }
        return blas.multNative(w[l], heap.numRows, heap.numCols, in, a);
    }

    /** ∂W = δ·inᵀ for layer l into native memory, for the update; false, with nothing done, as {@link #forward}. */
    boolean gradient(int l, BlasMatMul blas, Batch delta, Batch in) {
        if (Thread.currentThread() != owner || !blas.multTransBNative(delta, in, g[l], gradientZero[l])) {
            return false;
        }
        gradientHere[l] = true;
        gradientZero[l] = false;
        return true;
    }

    /** Whether layer l's last ∂W is waiting in native memory for the update. */
    boolean gradientPending(int l) {
        return gradientHere[l];
    }

    boolean takeGradient(int l) {
        boolean here = gradientHere[l];
        gradientHere[l] = false;
        return here;
    }

    /** The heap W changed (the native one not with it). */
    void stale(int l) {
        current[l] = false;
    }

    /** The native W was written with the heap W's new values, and the native ∂W with zeros. */
    void updated(int l) {
        current[l] = true;
        gradientZero[l] = true;
    }

    @Override
    public void close() {
        for (int l = 0; l < w.length; l++) {
            w[l].close();
            g[l].close();
        }
    }
}
