package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/** One gradient matrix per parameter matrix of a {@link Network} (same shape and layout), declared once per training run. */
final class Gradients {

    final DMatrixRMaj[] w;
    final DMatrixRMaj[] b;
    /** ∂W in native memory as well, for the network's native weights ({@link #useNative}), or null. */
    NativeGradients natives;

    Gradients(Network net) {
        w = new DMatrixRMaj[net.layers()];
        b = new DMatrixRMaj[net.layers()];
        for (int l = 0; l < net.layers(); l++) {
            w[l] = new DMatrixRMaj(net.w[l].numRows, net.w[l].numCols);
            b[l] = new DMatrixRMaj(net.b[l].numRows, 1);
        }
    }

    /** Keeps ∂W in native memory from now on, where the network keeps native weights; {@link #closeNative} ends it. */
    void useNative(Network net) {
        if (net.natives != null && natives == null) {
            natives = new NativeGradients(net);
        }
    }

    void closeNative() {
        if (natives != null) {
            natives.close();
            natives = null;
        }
    }
}
