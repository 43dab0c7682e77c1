package dev.backprop.engine;

import java.util.Arrays;

/**
 * The scaling the engine applied before InputEncoder (kept as the reference its encoding must match). A fitted input scaling. Column scalings are affine, {@code x' = (x − shift) / scale}; the
 * case study's {@code l2-row} divides each row by its Euclidean norm and has no parameters.
 * Immutable: the arrays are copied in and out.
 */
final class Normalizer {

    private final Normalization kind;
    private final double[] shift;
    private final double[] scale;

    private Normalizer(Normalization kind, double[] shift, double[] scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /** Restores a normaliser from its exported parameters, checking that they are usable. */
    public static Normalizer of(Normalization kind, double[] shift, double[] scale, int features) {
        if (kind == Normalization.NONE || kind == Normalization.L2_ROW) {
            return new Normalizer(kind, new double[0], new double[0]);
        }
        if (shift == null || scale == null || shift.length != features || scale.length != features) {
            throw new IllegalArgumentException("normalizer " + kind.id() + " needs shift and scale of length " + features);
        }
        for (int j = 0; j < features; j++) {
            if (!Double.isFinite(shift[j]) || !Double.isFinite(scale[j]) || scale[j] <= 0) {
                throw new IllegalArgumentException("normalizer parameter " + j + " is not finite or scale <= 0");
            }
        }
        return new Normalizer(kind, shift.clone(), scale.clone());
    }

    /** Fits on the given rows only (the training rows), never on held-out data. */
    static Normalizer fit(Normalization kind, double[] x, int cols, int[] rows) {
        if (kind == Normalization.NONE || kind == Normalization.L2_ROW) {
            return new Normalizer(kind, new double[0], new double[0]);
        }
        double[] shift = new double[cols];
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            if (kind == Normalization.Z_SCORE) {
                double mean = 0;
                for (int r : rows) {
                    mean += x[r * cols + j];
                }
                mean /= rows.length;
                double var = 0;
                for (int r : rows) {
                    double d = x[r * cols + j] - mean;
                    var += d * d;
                }
                double std = Math.sqrt(var / rows.length);
                shift[j] = mean;
                scale[j] = std > 1e-12 ? std : 1;
            } else {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int r : rows) {
                    min = Math.min(min, x[r * cols + j]);
                    max = Math.max(max, x[r * cols + j]);
                }
                shift[j] = min;
                scale[j] = max - min > 1e-12 ? max - min : 1;
            }
        }
        return new Normalizer(kind, shift, scale);
    }

    /** Scales {@code cols} values of {@code src} from {@code from} into {@code dst} at {@code to}. */
    void apply(double[] src, int from, double[] dst, int to, int cols) {
        switch (kind) {
            case NONE -> System.arraycopy(src, from, dst, to, cols);
            case L2_ROW -> {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += src[from + j] * src[from + j];
                }
                // an all-zero row stays zero rather than becoming NaN
                double inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
                for (int j = 0; j < cols; j++) {
                    dst[to + j] = src[from + j] * inv;
                }
            }
            default -> {
                for (int j = 0; j < cols; j++) {
                    dst[to + j] = (src[from + j] - shift[j]) / scale[j];
                }
            }
        }
    }

    public Normalization kind() {
        return kind;
    }

    public double[] shift() {
        return shift.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalizer n && n.kind == kind && Arrays.equals(n.shift, shift) && Arrays.equals(n.scale, scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(shift) * 17 + Arrays.hashCode(scale);
    }
}
