package dev.backprop.dataset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;

/**
 * The compact column representations a dataset is held in, smallest that is exact:
 *
 * <ul>
 *   <li>numeric with at most 255 distinct values: one byte per cell, a code into a table of the
 *       values (small integers, ratings, pixels, flags — any few values, not only integers);</li>
 *   <li>numeric with more but at most {@link ColumnBuilder#DICTIONARY_CAPACITY} distinct values (or
 *       {@code backprop.limits.levels}, if higher): two bytes per cell, likewise;</li>
 *   <li>numeric whose every value is exactly a {@code float}: four bytes;</li>
 *   <li>any other numeric column: eight bytes, a {@code double};</li>
 *   <li>categorical with at most 255 levels: one byte per cell; else two bytes (at most 65535).</li>
 * </ul>
 *
 * <p>Codes are stored as {@code code + 1} read unsigned, so that {@code 0} is the missing cell: a
 * categorical code decodes as {@code (b & 0xff) - 1} (= {@link CategoricalColumn#MISSING} for 0)
 * and a numeric table holds NaN at index 0, so neither gather loop needs a branch.
 */
final class CompactColumns {

    /** Distinct values (or levels) that one-byte codes can hold next to the missing code 0. */
    static final int BYTE_CODES = 255;
    /** Likewise for two-byte codes. */
    static final int SHORT_CODES = 65535;

    private CompactColumns() {
    }

    /** The compact form of any column: itself when it is one of ours, else its values re-encoded. */
    static Column of(Column column) {
        if (column instanceof CodedNumeric || column instanceof Floats || column instanceof Doubles
                || column instanceof CodedCategorical) {
            return column;
        }
        if (column instanceof NumericColumn numeric) {
            double[] values = new double[numeric.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = numeric.value(i);
            }
            return numeric(numeric.name(), values);
        }
        CategoricalColumn categorical = (CategoricalColumn) column;
        int rows = categorical.size();
        int levels = categorical.levels().size();
        if (levels <= BYTE_CODES) {
            byte[] codes = new byte[rows];
            for (int i = 0; i < rows; i++) {
                codes[i] = (byte) (categorical.code(i) + 1);
            }
            return new CodedCategorical(categorical.name(), categorical.levels(), codes, null, categorical.missing());
        }
        if (levels > SHORT_CODES) {
            throw new IllegalArgumentException("column '" + column.name() + "' has " + levels + " levels, more than "
                    + SHORT_CODES);
        }
        short[] codes = new short[rows];
        for (int i = 0; i < rows; i++) {
            codes[i] = (short) (categorical.code(i) + 1);
        }
        return new CodedCategorical(categorical.name(), categorical.levels(), null, codes, categorical.missing());
    }

    /**
     * The compact column of {@code values} (NaN = missing; the array may be kept, so the caller
     * hands it over): codes while there are at most {@link ColumnBuilder#DICTIONARY_CAPACITY}
     * distinct values, as the CSV parser does, else floats when every value is one, else doubles.
     *
     * @throws IllegalArgumentException for an infinite value
     */
    static NumericColumn numeric(String name, double[] values) {
        Map<Long, Integer> codes = new HashMap<>();
        boolean coded = true;
        boolean floats = true;
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
                continue;
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("column '" + name + "' holds an infinite value");
            }
            floats &= (float) v == v;
            if (coded) {
                codes.putIfAbsent(Double.doubleToRawLongBits(v), codes.size() + 1);
                coded = codes.size() <= ColumnBuilder.DICTIONARY_CAPACITY;
            }
        }
        if (coded) {
            double[] table = new double[codes.size() + 1];
            table[0] = Double.NaN;
            codes.forEach((bits, code) -> table[code] = Double.longBitsToDouble(bits));
            if (codes.size() <= BYTE_CODES) {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = Double.isNaN(values[i]) ? 0 : (byte) (int) codes.get(Double.doubleToRawLongBits(values[i]));
                }
                return new CodedNumeric(name, table, bytes, null, missing);
            }
            short[] shorts = new short[values.length];
            for (int i = 0; i < values.length; i++) {
                shorts[i] = Double.isNaN(values[i]) ? 0 : (short) (int) codes.get(Double.doubleToRawLongBits(values[i]));
            }
            return new CodedNumeric(name, table, null, shorts, missing);
        }
        if (floats) {
            float[] f = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                f[i] = (float) values[i];
            }
            return new Floats(name, f, missing);
        }
        return new Doubles(name, values, missing);
    }

    /**
     * Heap bytes the column's cells take (arrays and level texts, not object headers): what a
     * memory budget for stored datasets counts. Columns of other implementations are counted at
     * eight bytes a cell, what a plain {@code double[]} or {@code int[]} with its codes would take.
     */
    static long heapBytes(Column column) {
        if (column instanceof CodedNumeric c) {
            return 8L * c.table.length + (c.bytes != null ? c.bytes.length : 2L * c.shorts.length);
        }
        if (column instanceof Floats f) {
            return 4L * f.values.length;
        }
        if (column instanceof Doubles d) {
            return 8L * d.values.length;
        }
        if (column instanceof CodedCategorical c) {
            long levels = 0;
            for (String level : c.levels) {
                levels += 40 + level.length();     // a String and its Latin-1 bytes, about
            }
            return levels + (c.bytes != null ? c.bytes.length : 2L * c.shorts.length);
        }
        return 8L * column.size();
    }

    /** Numbers as one- or two-byte codes into {@code table}, where {@code table[0]} is NaN (missing). */
    static final class CodedNumeric implements NumericColumn {
        final String name;
        final double[] table;
        final byte[] bytes;       // exactly one of bytes and shorts is non-null
        final short[] shorts;
        final int missing;

        CodedNumeric(String name, double[] table, byte[] bytes, short[] shorts, int missing) {
            this.name = name;
            this.table = table;
            this.bytes = bytes;
            this.shorts = shorts;
            this.missing = missing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return bytes != null ? bytes.length : shorts.length;
        }

        @Override
        public int missing() {
            return missing;
        }

        @Override
        public double value(int row) {
            return table[bytes != null ? bytes[row] & 0xff : shorts[row] & 0xffff];
        }

        @Override
        public void gather(int[] rows, int from, int count, double[] dst, int at) {
            double[] t = table;
            if (bytes != null) {
                byte[] c = bytes;
                for (int i = 0; i < count; i++) {
                    dst[at + i] = t[c[rows[from + i]] & 0xff];
                }
            } else {
                short[] c = shorts;
                for (int i = 0; i < count; i++) {
                    dst[at + i] = t[c[rows[from + i]] & 0xffff];
                }
            }
        }
    }

    /** Numbers that are all exactly floats: four bytes a cell, NaN = missing. */
    static final class Floats implements NumericColumn {
        final String name;
        final float[] values;
        final int missing;

        Floats(String name, float[] values, int missing) {
            this.name = name;
            this.values = values;
            this.missing = missing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public int missing() {
            return missing;
        }

        @Override
        public double value(int row) {
            return values[row];
        }

        @Override
        public void gather(int[] rows, int from, int count, double[] dst, int at) {
            float[] v = values;
            for (int i = 0; i < count; i++) {
                dst[at + i] = v[rows[from + i]];
            }
        }
    }

    /** Any numbers: eight bytes a cell, NaN = missing. */
    static final class Doubles implements NumericColumn {
        final String name;
        final double[] values;
        final int missing;

        Doubles(String name, double[] values, int missing) {
            this.name = name;
            this.values = values;
            this.missing = missing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public int missing() {
            return missing;
        }

        @Override
        public double value(int row) {
            return values[row];
        }

        @Override
        public void gather(int[] rows, int from, int count, double[] dst, int at) {
            double[] v = values;
            for (int i = 0; i < count; i++) {
                dst[at + i] = v[rows[from + i]];
            }
        }
    }

    /** Levels as one- or two-byte codes, stored as {@code code + 1} (0 = missing). */
    static final class CodedCategorical implements CategoricalColumn {
        final String name;
        final List<String> levels;
        final byte[] bytes;       // exactly one of bytes and shorts is non-null
        final short[] shorts;
        final int missing;

        CodedCategorical(String name, List<String> levels, byte[] bytes, short[] shorts, int missing) {
            this.name = name;
            this.levels = List.copyOf(levels);
            this.bytes = bytes;
            this.shorts = shorts;
            this.missing = missing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return bytes != null ? bytes.length : shorts.length;
        }

        @Override
        public int missing() {
            return missing;
        }

        @Override
        public List<String> levels() {
            return levels;
        }

        @Override
        public int code(int row) {
            return (bytes != null ? bytes[row] & 0xff : shorts[row] & 0xffff) - 1;
        }

        @Override
        public void gather(int[] rows, int from, int count, int[] dst, int at) {
            if (bytes != null) {
                byte[] c = bytes;
                for (int i = 0; i < count; i++) {
                    dst[at + i] = (c[rows[from + i]] & 0xff) - 1;
                }
            } else {
                short[] c = shorts;
                for (int i = 0; i < count; i++) {
                    dst[at + i] = (c[rows[from + i]] & 0xffff) - 1;
                }
            }
        }
    }
}
