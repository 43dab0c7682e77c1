package dev.backprop.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a table's columns into the network's inputs, with everything fitted on the training rows
 * only and kept with the model: a numeric column gives its value — missing cells imputed with the
 * training mean — scaled by the chosen normalisation, plus a 0/1 missing indicator when the
 * column had missing cells in training; a categorical column gives one 0/1 input per training
 * level (a level unseen in training: all zeros), plus one for "missing" when the column had
 * missing cells in training. {@code l2-row} divides each row's numeric values by their Euclidean
 * norm (the case study's scaling); one-hot and indicator inputs are never scaled.
 *
 * <p>Rows arrive "raw", one double per column: a numeric value or NaN (missing); for a
 * categorical column the index of its level in {@link CategoricalInput#levels()}, NaN (missing)
 * or {@link #UNSEEN}. Immutable and thread-safe.
 */
public final class InputEncoder {

    /** A categorical value not among the training levels, in a raw row. */
    public static final double UNSEEN = -1;

    /** One original column and how it is encoded. */
    public sealed interface Input permits NumericInput, CategoricalInput {
        String name();

        /** How many network inputs it becomes. */
        int width();
    }

    /**
     * @param impute the value a missing cell takes (the training mean of the present values)
     * @param indicator whether a 0/1 "was missing" input follows the value
     * @param shift, scale the normalisation: {@code (v − shift) / scale} (0 and 1 when it is none or l2-row)
     * @param min, max the training range of the present values (for out-of-range warnings)
     */
    public record NumericInput(String name, double impute, boolean indicator, double shift, double scale,
                               double min, double max) implements Input {
        public NumericInput {
            if (!Double.isFinite(impute) || !Double.isFinite(shift) || !(scale > 0) || !Double.isFinite(scale)
                    || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("input '" + name + "' has a value that is not finite (or scale <= 0)");
            }
        }

        @Override
        public int width() {
            return indicator ? 2 : 1;
        }

        /**
         * Whether {@code v} lies more than one training range beyond the nearest bound of
         * [{@code min}, {@code max}] (a range of at least |max|, or 1e-9, when the training values
         * were all equal): an output computed from it is an extrapolation worth a warning.
         */
        public boolean farOutsideTraining(double v) {
            double range = max - min > 0 ? max - min : Math.max(Math.abs(max), 1e-9);
            return v < min - range || v > max + range;
        }
    }

    /** @param missingLevel whether a 0/1 input for a missing value follows the levels */
    public record CategoricalInput(String name, List<String> levels, boolean missingLevel) implements Input {
        public CategoricalInput {
            levels = List.copyOf(levels);
            if (levels.isEmpty() && !missingLevel) {
                throw new IllegalArgumentException("input '" + name + "' has no levels");
            }
            if (new java.util.HashSet<>(levels).size() != levels.size()) {
                throw new IllegalArgumentException("input '" + name + "' names a level twice");
            }
        }

        @Override
        public int width() {
            return levels.size() + (missingLevel ? 1 : 0);
        }
    }

    private final Normalization normalization;
    private final List<Input> inputs;
    /** First network input of each column. */
    private final int[] offsets;
    private final int width;

    private InputEncoder(Normalization normalization, List<Input> inputs) {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is required");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an encoder needs at least one input column");
        }
        this.normalization = normalization;
        this.inputs = List.copyOf(inputs);
        this.offsets = new int[inputs.size()];
        int w = 0;
        for (int j = 0; j < inputs.size(); j++) {
            offsets[j] = w;
            w += inputs.get(j).width();
        }
        this.width = w;
    }

    /** Restores an encoder from its parts (a stored model), checking them. */
    public static InputEncoder of(Normalization normalization, List<Input> inputs) {
        return new InputEncoder(normalization, inputs);
    }

    /**
     * A fitted encoder and, per categorical column, the map from the column's own codes to the
     * encoder's level indexes ({@code -1}: a level absent from the training rows). The maps serve
     * the training run only and are not part of the model.
     */
    public record Fit(InputEncoder encoder, int[][] levelMaps) {
    }

    /** Fits on {@code rows} of {@code columns} (the training rows) only. */
    public static Fit fit(List<? extends Column> columns, int[] rows, Normalization normalization) {
        List<Input> inputs = new ArrayList<>(columns.size());
        int[][] maps = new int[columns.size()][];
        double[] chunk = new double[Math.min(rows.length, FIT_CHUNK)];
        for (int j = 0; j < columns.size(); j++) {
            Column column = columns.get(j);
            if (column instanceof NumericColumn numeric) {
                inputs.add(fitNumeric(numeric, rows, normalization, chunk));
            } else {
                CategoricalColumn categorical = (CategoricalColumn) column;
                boolean[] seen = new boolean[categorical.levels().size()];
                boolean missing = false;
                for (int r : rows) {
                    int code = categorical.code(r);
                    if (code == CategoricalColumn.MISSING) {
                        missing = true;
                    } else {
                        seen[code] = true;
                    }
                }
                // the training levels, in the column's own order (first appearance in the file)
                List<String> levels = new ArrayList<>();
                int[] map = new int[seen.length];
                for (int c = 0; c < seen.length; c++) {
                    map[c] = seen[c] ? levels.size() : -1;
                    if (seen[c]) {
                        levels.add(categorical.levels().get(c));
                    }
                }
                maps[j] = map;
                inputs.add(new CategoricalInput(categorical.name(), levels, missing));
            }
        }
        return new Fit(new InputEncoder(normalization, inputs), maps);
    }

    /** Values a fit reads from a column at a time, through its bulk {@link NumericColumn#gather}. */
    private static final int FIT_CHUNK = 4096;

    /**
     * Mean, spread and range of the present values, in row order, in two passes (the spread around the
     * mean). Read a chunk at a time through the column's own loop, and min and max by comparisons: a
     * call per value and JDK 17's Math.min/max had made a 35 000 × 50 job's split and fit take 35–50 ms
     * (now 20–28). When every row fits in one chunk, the second pass reads the chunk the first left.
     */
    private static NumericInput fitNumeric(NumericColumn column, int[] rows, Normalization normalization,
                                           double[] chunk) {
        double sum = 0;
        int present = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < rows.length; from += chunk.length) {
            int m = Math.min(chunk.length, rows.length - from);
            column.gather(rows, from, m, chunk, 0);
            for (int i = 0; i < m; i++) {
                double v = chunk[i];
                if (v == v) {
                    sum += v;
                    present++;
                    if (v < min) {
                        min = v;
                    }
                    if (v > max) {
                        max = v;
                    }
                }
            }
        }
        double mean = present == 0 ? 0 : sum / present;
        double var = 0;
        for (int from = 0; from < rows.length; from += chunk.length) {
            int m = Math.min(chunk.length, rows.length - from);
            if (rows.length > chunk.length) {
                column.gather(rows, from, m, chunk, 0);
            }
            for (int i = 0; i < m; i++) {
                double v = chunk[i];
                if (v == v) {
                    double d = v - mean;
                    var += d * d;
                }
            }
        }
        if (present == 0) {
            min = 0;
            max = 0;
        }
        double std = present == 0 ? 0 : Math.sqrt(var / present);
        double shift = 0;
        double scale = 1;
        if (normalization == Normalization.Z_SCORE) {
            shift = mean;
            scale = std > 1e-12 ? std : 1;
        } else if (normalization == Normalization.MIN_MAX) {
            shift = min;
            scale = max - min > 1e-12 ? max - min : 1;
        }
        return new NumericInput(column.name(), mean, present < rows.length, shift, scale, min, max);
    }

    public Normalization normalization() {
        return normalization;
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** Number of original columns. */
    public int columns() {
        return inputs.size();
    }

    /** Number of network inputs. */
    public int width() {
        return width;
    }

    /** The first network input of column {@code j}. */
    public int offset(int j) {
        return offsets[j];
    }

    /** A name per network input: {@code age}, {@code age (missing)}, {@code island=Biscoe}, {@code island (missing)}. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(width);
        for (Input input : inputs) {
            if (input instanceof NumericInput n) {
                names.add(n.name());
                if (n.indicator()) {
                    names.add(n.name() + " (missing)");
                }
            } else {
                CategoricalInput c = (CategoricalInput) input;
                c.levels().forEach(level -> names.add(c.name() + "=" + level));
                if (c.missingLevel()) {
                    names.add(c.name() + " (missing)");
                }
            }
        }
        return names;
    }

    /**
     * Encodes {@code count} raw rows given column by column ({@code raw.row[j][i]}: column j of row
     * i) into {@code x} (width × count, one column per row). {@code rowNorms} is scratch of at
     * least {@code count} values, used by {@code l2-row} only.
     */
    void encode(Batch raw, int count, Batch x, double[] rowNorms) {
        x.reshape(count);
        boolean l2 = normalization == Normalization.L2_ROW;
        if (l2) {
            Arrays.fill(rowNorms, 0, count, 0);
        }
        for (int j = 0; j < inputs.size(); j++) {
            double[] in = raw.row[j];
            int o = offsets[j];
            if (inputs.get(j) instanceof NumericInput n) {
                double[] value = x.row[o];
                double impute = n.impute();
                double shift = n.shift();
                double scale = n.scale();
                // a missing value takes the training mean, also in a column that had none missing in training
                for (int i = 0; i < count; i++) {
                    double v = in[i];
                    value[i] = Double.isNaN(v) ? impute : v;
                }
                if (n.indicator()) {
                    double[] flag = x.row[o + 1];
                    for (int i = 0; i < count; i++) {
                        flag[i] = Double.isNaN(in[i]) ? 1 : 0;
                    }
                }
                if (l2) {
                    // ‖row‖² over the numeric values, column by column: the case study's order of sums
                    for (int i = 0; i < count; i++) {
                        rowNorms[i] += value[i] * value[i];
                    }
                } else if (shift != 0 || scale != 1) {
                    // x' = (x − shift) / scale
                    for (int i = 0; i < count; i++) {
                        value[i] = (value[i] - shift) / scale;
                    }
                }
            } else {
                CategoricalInput c = (CategoricalInput) inputs.get(j);
                int levels = c.levels().size();
                for (int k = 0; k < c.width(); k++) {
                    Arrays.fill(x.row[o + k], 0, count, 0);
                }
                for (int i = 0; i < count; i++) {
                    double code = in[i];
                    if (Double.isNaN(code)) {
                        if (c.missingLevel()) {
                            x.row[o + levels][i] = 1;
                        }
                    } else if (code >= 0) {
                        x.row[o + (int) code][i] = 1;
                    }
                }
            }
        }
        if (l2) {
            for (int i = 0; i < count; i++) {
                // an all-zero row stays zero rather than becoming NaN
                rowNorms[i] = rowNorms[i] > 0 ? 1 / Math.sqrt(rowNorms[i]) : 0;
            }
            for (int j = 0; j < inputs.size(); j++) {
                if (inputs.get(j) instanceof NumericInput) {
                    double[] value = x.row[offsets[j]];
                    for (int i = 0; i < count; i++) {
                        value[i] *= rowNorms[i];
                    }
                }
            }
        }
    }

    /**
     * Encodes one raw row, {@code raw[at..at+columns)} as a {@link #table} holds it, into
     * {@code out[0..width)}: exactly what {@link #encode} computes for it, operation for operation
     * (so that a batch built either way trains bit-identical weights).
     */
    void encodeRow(double[] raw, int at, double[] out) {
        boolean l2 = normalization == Normalization.L2_ROW;
        double norm = 0;
        for (int j = 0; j < inputs.size(); j++) {
            double v = raw[at + j];
            int o = offsets[j];
            if (inputs.get(j) instanceof NumericInput n) {
                double value = Double.isNaN(v) ? n.impute() : v;
                if (n.indicator()) {
                    out[o + 1] = Double.isNaN(v) ? 1 : 0;
                }
                if (l2) {
                    norm += value * value;
                } else if (n.shift() != 0 || n.scale() != 1) {
                    value = (value - n.shift()) / n.scale();
                }
                out[o] = value;
            } else {
                CategoricalInput c = (CategoricalInput) inputs.get(j);
                int levels = c.levels().size();
                Arrays.fill(out, o, o + c.width(), 0);
                if (Double.isNaN(v)) {
                    if (c.missingLevel()) {
                        out[o + levels] = 1;
                    }
                } else if (v >= 0) {
                    out[o + (int) v] = 1;
                }
            }
        }
        if (l2) {
            norm = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < inputs.size(); j++) {
                if (inputs.get(j) instanceof NumericInput) {
                    out[offsets[j]] *= norm;
                }
            }
        }
    }

    /**
     * Encodes a {@link #table} of {@code rows} rows in place; for an encoder whose width is its
     * number of columns (one input per column).
     */
    void encodeRows(double[] table, int rows) {
        int columns = inputs.size();
        if (width != columns) {
            throw new IllegalStateException("an encoder of width " + width + " over " + columns + " columns");
        }
        double[] encoded = new double[width];
        for (int r = 0, at = 0; r < rows; r++, at += columns) {
            encodeRow(table, at, encoded);
            System.arraycopy(encoded, 0, table, at, width);
        }
    }

    /**
     * Every row's raw values, row after row ({@code table[row * columns + j]}): what
     * {@link #gather(List, int[][], int[], int, int, Batch, int[])} reads for it, categorical codes
     * already mapped through {@code levelMaps}.
     */
    static double[] table(List<? extends Column> columns, int[][] levelMaps, int rows) {
        int width = columns.size();
        double[] table = new double[Math.multiplyExact(rows, width)];
        int chunk = 1024;
        int[] identity = new int[chunk];
        Batch raw = new Batch(width, chunk);
        int[] codes = new int[chunk];
        for (int from = 0; from < rows; from += chunk) {
            int m = Math.min(chunk, rows - from);
            for (int i = 0; i < m; i++) {
                identity[i] = from + i;
            }
            gather(columns, levelMaps, identity, 0, m, raw, codes);
            for (int j = 0; j < width; j++) {
                double[] values = raw.row[j];
                for (int i = 0, at = from * width + j; i < m; i++, at += width) {
                    table[at] = values[i];
                }
            }
        }
        return table;
    }

    /** Reads rows {@code rows[0..count)} of a {@link #table} of {@code width} columns into a raw batch. */
    static void gather(double[] table, int width, int[] rows, int count, Batch raw) {
        raw.reshape(count);
        double[][] out = raw.row;
        for (int i = 0; i < count; i++) {
            int base = rows[i] * width;
            for (int j = 0; j < width; j++) {
                out[j][i] = table[base + j];
            }
        }
    }

    /**
     * Reads rows of {@code columns} into a raw batch ({@code raw.row[j][i]}), mapping categorical
     * codes through the fitted {@code levelMaps}: {@code rows[from..from+count)}.
     */
    static void gather(List<? extends Column> columns, int[][] levelMaps, int[] rows, int from, int count, Batch raw,
                       int[] codes) {
        raw.reshape(count);
        for (int j = 0; j < columns.size(); j++) {
            Column column = columns.get(j);
            double[] out = raw.row[j];
            if (column instanceof NumericColumn numeric) {
                numeric.gather(rows, from, count, out, 0);
            } else {
                ((CategoricalColumn) column).gather(rows, from, count, codes, 0);
                int[] map = levelMaps[j];
                for (int i = 0; i < count; i++) {
                    int code = codes[i];
                    out[i] = code == CategoricalColumn.MISSING ? Double.NaN : map[code] < 0 ? UNSEEN : map[code];
                }
            }
        }
    }
}
