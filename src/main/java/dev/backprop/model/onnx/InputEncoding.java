package dev.backprop.model.onnx;

/**
 * Declares a graph's inputs and turns them into the network's raw input matrix: FP64 of shape
 * [N, features], columns in the network's input order, values as {@code NetworkModel.predict}
 * takes them (before normalisation). This is the seam for encodings that happen ahead of the
 * network: one input per column, categorical one-hot codes, imputed missing values.
 */
interface InputEncoding {

    /** Adds the inputs (and the nodes that combine them) to {@code graph}; returns the matrix's value name. */
    String encode(OnnxGraph graph);
}
