package dev.backprop.engine;

import org.ejml.data.DMatrixRMaj;

/** One gradient matrix per parameter matrix of a {@link Network} (same shape and layout), declared once per training run. */
final class Gradients {

    final DMatrixRMaj[] w;
    final DMatrixRMaj[] b;

    Gradients(Network net) {
        w = new DMatrixRMaj[net.layers()];
        b = new DMatrixRMaj[net.layers()];
        for (int l = 0; l < net.layers(); l++) {
            w[l] = new DMatrixRMaj(net.w[l].numRows, net.w[l].numCols);
            b[l] = new DMatrixRMaj(net.b[l].numRows, 1);
        }
    }
}
