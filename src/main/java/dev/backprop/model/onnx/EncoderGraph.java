package dev.backprop.model.onnx;

import java.util.ArrayList;
import java.util.List;

import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.Normalization;
import dev.backprop.model.onnx.OnnxProto.AttributeProto;

/**
 * The engine's {@link InputEncoder} as ONNX nodes, column by column and in the engine's order of
 * network inputs: a numeric column's value — a missing one (NaN) takes the training mean — scaled
 * by the normalisation, then its 0/1 missing indicator when it has one; a categorical column's
 * one-hot over the training levels ({@code Equal} against the levels broadcasts [N, 1] to [N, L];
 * an unseen level matches none: all zeros), then its "missing" input, where missing is the empty
 * string. {@code l2-row} divides the numeric values of each row by their Euclidean norm (0 for an
 * all-zero row), as the engine does.
 */
final class EncoderGraph {

    private EncoderGraph() {
    }

    /**
     * All-numeric inputs without missing indicators, as one [N, C] matrix: imputation and
     * normalisation in a handful of element-wise nodes over the whole matrix.
     */
    static String encodeDense(OnnxGraph g, InputEncoder encoder, String x) {
        List<InputEncoder.Input> inputs = encoder.inputs();
        int n = inputs.size();
        double[] impute = new double[n];
        double[] shift = new double[n];
        double[] scale = new double[n];
        boolean scaled = false;
        for (int j = 0; j < n; j++) {
            InputEncoder.NumericInput input = (InputEncoder.NumericInput) inputs.get(j);
            impute[j] = input.impute();
            shift[j] = input.shift();
            scale[j] = input.scale();
            scaled |= input.shift() != 0 || input.scale() != 1;
        }
        long[] dims = {n};
        // a missing value (NaN) takes the training mean
        String imputed = g.node("Where", "imputed", g.node("IsNaN", "missing", x), g.doubles("impute", dims, impute), x);
        if (encoder.normalization() == Normalization.L2_ROW) {
            // x' = x · (Σx² > 0 ? 1/√Σx² : 0): an all-zero row stays zero instead of becoming NaN
            String sumOfSquares = g.node("ReduceSumSquare", "row_sum_of_squares", List.of(AttributeProto.ofInt("keepdims", 1)),
                    imputed, g.int64s("row_axis", 1));
            String inverse = g.node("Reciprocal", "row_inverse_norm", g.node("Sqrt", "row_norm", sumOfSquares));
            String zero = g.scalar("zero", 0);
            String factor = g.node("Where", "row_factor", g.node("Greater", "row_non_zero", sumOfSquares, zero), inverse,
                    zero);
            return g.node("Mul", "normalized", imputed, factor);
        }
        if (scaled) {
            // x' = (x − shift) / scale, per column
            return g.node("Div", "normalized", g.node("Sub", "centered", imputed, g.doubles("shift", dims, shift)),
                    g.doubles("scale", dims, scale));
        }
        return imputed;
    }

    /**
     * @param columns one value per original column, [N, 1]: FP64 for a numeric column, STRING for a
     *        categorical one
     * @return the encoded [N, width] matrix
     */
    static String encode(OnnxGraph g, InputEncoder encoder, List<String> columns) {
        List<InputEncoder.Input> inputs = encoder.inputs();
        boolean l2 = encoder.normalization() == Normalization.L2_ROW;
        String[] values = new String[inputs.size()];
        String sumOfSquares = null;
        for (int j = 0; j < inputs.size(); j++) {
            if (inputs.get(j) instanceof InputEncoder.NumericInput n) {
                String x = columns.get(j);
                String imputed = g.node("Where", "c" + j + "_imputed", g.node("IsNaN", "c" + j + "_missing", x),
                        g.scalar("c" + j + "_impute", n.impute()), x);
                if (l2) {
                    String square = g.node("Mul", "c" + j + "_square", imputed, imputed);
                    sumOfSquares = sumOfSquares == null ? square : g.node("Add", "row_sum_of_squares", sumOfSquares, square);
                    values[j] = imputed;
                } else if (n.shift() != 0 || n.scale() != 1) {
                    // x' = (x − shift) / scale
                    values[j] = g.node("Div", "c" + j + "_scaled", g.node("Sub", "c" + j + "_centered", imputed,
                            g.scalar("c" + j + "_shift", n.shift())), g.scalar("c" + j + "_scale", n.scale()));
                } else {
                    values[j] = imputed;
                }
            }
        }
        String factor = null;
        if (sumOfSquares != null) {
            // x' = x · (Σx² > 0 ? 1/√Σx² : 0): an all-zero row stays zero instead of becoming NaN
            String inverse = g.node("Reciprocal", "row_inverse_norm", g.node("Sqrt", "row_norm", sumOfSquares));
            String zero = g.scalar("zero", 0);
            factor = g.node("Where", "row_factor", g.node("Greater", "row_non_zero", sumOfSquares, zero), inverse, zero);
        }
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < inputs.size(); j++) {
            String x = columns.get(j);
            if (inputs.get(j) instanceof InputEncoder.NumericInput n) {
                parts.add(factor == null ? values[j] : g.node("Mul", "c" + j + "_normalized", values[j], factor));
                if (n.indicator()) {
                    parts.add(g.node("Cast", "c" + j + "_indicator", List.of(AttributeProto.ofInt("to", 11)),
                            g.node("IsNaN", "c" + j + "_was_missing", x)));
                }
            } else {
                InputEncoder.CategoricalInput c = (InputEncoder.CategoricalInput) inputs.get(j);
                if (!c.levels().isEmpty()) {
                    parts.add(g.node("Cast", "c" + j + "_one_hot", List.of(AttributeProto.ofInt("to", 11)),
                            g.node("Equal", "c" + j + "_is_level", x, g.strings("c" + j + "_levels", c.levels()))));
                }
                if (c.missingLevel()) {
                    parts.add(g.node("Cast", "c" + j + "_missing_level", List.of(AttributeProto.ofInt("to", 11)),
                            g.node("Equal", "c" + j + "_is_missing", x, g.strings("c" + j + "_empty", List.of("")))));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0)
                : g.node("Concat", "encoded", List.of(AttributeProto.ofInt("axis", 1)), parts.toArray(String[]::new));
    }
}
