package dev.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bytedeco.javacpp.DoublePointer;
import org.ejml.data.DMatrixRMaj;

/**
 * Native copies of a network's weight matrices, for Adam runs on OpenBLAS: the forward products and
 * δ's way back (Wᵀ·δ) read W there, and Adam writes the new W there as well as to the heap
 * ({@link VectorAdam}). That spares a copy of every large weight matrix through JNI per product and
 * thread (2 × 800 KB per batch for 784-128-10 on one thread, 630 KB per thread and batch for
 * 50-256-128-5 on two). The heap matrices stay the model: the same values, bit for bit.
 *
 * <p>Read by any number of threads at once, never written while they read: a layer's native copy is
 * used only while it equals the heap W ({@link #current}); {@link #refresh} (on one thread, between
 * the trainer's phases) copies the layers that are not, and a product on a layer that is not falls
 * back to the heap W. The gradients' native side is each thread's own ({@link NativeGradients}).
 * Closed at the end of the run.
 */
final class NativeWeights implements AutoCloseable {

    private final DoublePointer[] w;
    final ByteBuffer[] wView;
    /** Whether layer l's native W equals the heap W. */
    private final boolean[] current;

    NativeWeights(Network net) {
        int layers = net.layers();
        w = new DoublePointer[layers];
        wView = new ByteBuffer[layers];
        current = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = new DoublePointer(net.w[l].getNumElements());
            wView[l] = w[l].asByteBuffer().order(ByteOrder.nativeOrder());
        }
    }

    /** Copies every layer whose native W is stale from the heap W. Not while other threads run products. */
    void refresh(DMatrixRMaj[] heap) {
        for (int l = 0; l < w.length; l++) {
            if (!current[l]) {
                w[l].position(0).put(heap[l].data, 0, heap[l].getNumElements());
                w[l].position(0);
                current[l] = true;
            }
        }
    }

    /** a = W·in for layer l from W's native copy; false, with nothing done, where it is stale or the product is not OpenBLAS's. */
    boolean forward(int l, DMatrixRMaj heap, BlasMatMul blas, Batch in, Batch a) {
        return current[l] && blas.multNative(w[l], heap.numRows, heap.numCols, in, a);
    }

    /** out = Wᵀ·delta for layer l from W's native copy; false, with nothing done, as {@link #forward}. */
    boolean backThrough(int l, DMatrixRMaj heap, BlasMatMul blas, Batch delta, Batch out) {
        return current[l] && blas.multTransANative(w[l], heap.numRows, heap.numCols, delta, out);
    }

    /** The heap W changed (the native one not with it). */
    void stale(int l) {
        current[l] = false;
    }

    /** The native W was written with the heap W's new values, every one of them. */
    void updated(int l) {
        current[l] = true;
    }

    @Override
    public void close() {
        for (DoublePointer p : w) {
            p.close();
        }
    }
}
