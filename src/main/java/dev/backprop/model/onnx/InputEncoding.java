package dev.backprop.model.onnx;

/**
 * Declares a graph's inputs and turns them into the network's raw input matrix: FP64 of shape
 * [N, inputs], columns in the network's input order, values as {@code NetworkModel.predict}
 * takes them (before normalisation, which {@link NetworkGraph} adds after this).
 *
 * <p>This is the seam for encodings that happen ahead of the network. {@link DenseInput} takes
 * the matrix as one tensor; {@link ColumnInputs} takes one [N, 1] tensor per feature and joins
 * them with {@code Concat(axis=1)}. Once models carry per-column encoders, a column encoding
 * emits, per feature and in the network's column order:
 * <ul>
 * <li>numeric: its FP64 [N, 1] input as it is;</li>
 * <li>numeric with missing values (NaN marks a missing cell): {@code Where(IsNaN(x), mean, x)}
 * and the indicator {@code Cast(IsNaN(x), to=DOUBLE)}, two columns;</li>
 * <li>categorical: a STRING [N, 1] input and {@code Cast(Equal(x, levels), to=DOUBLE)} with the
 * training levels as a STRING [L] initializer — [N, 1] against [L] broadcasts to the one-hot
 * [N, L], and an unseen level matches no level, so its row is all zeros.</li>
 * </ul>
 * {@link OnnxGraph} keeps the names apart, so nothing after the encoding changes.
 */
interface InputEncoding {

    /** Adds the inputs (and the nodes that combine them) to {@code graph}; returns the matrix's value name. */
    String encode(OnnxGraph graph);
}
