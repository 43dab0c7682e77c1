package dev.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bytedeco.javacpp.DoublePointer;
import org.ejml.data.DMatrixRMaj;

/**
 * One thread's ∂W of every layer in native memory, where dgemm writes it and Adam reads it
 * ({@link VectorAdam}): no copy of it to the heap (800 KB per batch for 784-128-10). With several
 * threads, the update sums the threads' native gradients range by range ({@link #add}), in part order
 * as the heap sum does. On one thread, the update leaves +0.0 in the buffer, so that the next product
 * adds to zeros instead of OpenBLAS zeroing its output in a pass of its own.
 *
 * <p>Written by its own thread's products and read by the update's threads over disjoint ranges
 * (zeroed by the update only when one thread runs it); the flags change only between those phases.
 */
final class NativeGradients implements AutoCloseable {

    private final DoublePointer[] g;
    final ByteBuffer[] view;
    /** Whether layer l's last ∂W is in native memory (and not in the heap gradient). */
    private final boolean[] pending;
    /** Whether layer l's native ∂W holds only +0.0. */
    private final boolean[] zero;

    NativeGradients(Network net) {
        int layers = net.layers();
        g = new DoublePointer[layers];
        view = new ByteBuffer[layers];
        pending = new boolean[layers];
        zero = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            g[l] = new DoublePointer(net.w[l].getNumElements()).zero();
            view[l] = g[l].asByteBuffer().order(ByteOrder.nativeOrder());
            zero[l] = true;
        }
    }

    /** ∂W = δ·inᵀ for layer l into native memory; false, with nothing done, where the product is not OpenBLAS's. */
    boolean compute(int l, BlasMatMul blas, Batch delta, Batch in) {
        if (!blas.multTransBNative(delta, in, g[l], zero[l])) {
            return false;
        }
        pending[l] = true;
        zero[l] = false;
        return true;
    }

    /** Whether layer l's last ∂W is waiting in native memory for the update. */
    boolean pending(int l) {
        return pending[l];
    }

    /** Moves layer l's pending ∂W to the heap gradient, for an update that reads the heap. */
    void toHeap(int l, DMatrixRMaj heap) {
        g[l].position(0).get(heap.data, 0, heap.getNumElements());
        g[l].position(0);
        pending[l] = false;
    }

    /** The update read layer l's ∂W, and left zeros in its place if {@code cleared}. */
    void consumed(int l, boolean cleared) {
        pending[l] = false;
        zero[l] = cleared;
    }

    /**
     * This layer l's ∂W += other's, over [from, to): called for each other part in turn, the heap sum's
     * order, so its values bit for bit.
     */
    void add(int l, NativeGradients other, int from, int to) {
        VectorAdam.add(view[l], other.view[l], from, to);
    }

    @Override
    public void close() {
        for (DoublePointer p : g) {
            p.close();
        }
    }
}
