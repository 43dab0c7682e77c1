package dev.backprop.engine;

import java.util.List;
import java.util.Objects;

/** Plain array-backed columns: for data built in code (tests, the engine's own fixtures). */
public final class Columns {

    private Columns() {
    }

    /** A numeric column over {@code values} (NaN = missing), which it shares, not copies. */
    public static NumericColumn numeric(String name, double[] values) {
        Objects.requireNonNull(name, "name");
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            } else if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("column '" + name + "' holds an infinite value");
            }
        }
        return new DoubleArrayColumn(name, values, missing);
    }

    /** A categorical column of {@code codes} into {@code levels} ({@link CategoricalColumn#MISSING} = missing). */
    public static CategoricalColumn categorical(String name, List<String> levels, int[] codes) {
        Objects.requireNonNull(name, "name");
        List<String> copy = List.copyOf(levels);
        int missing = 0;
        for (int c : codes) {
            if (c == CategoricalColumn.MISSING) {
                missing++;
            } else if (c < 0 || c >= copy.size()) {
                throw new IllegalArgumentException("column '" + name + "' holds code " + c + " outside its "
                        + copy.size() + " levels");
            }
        }
        return new IntArrayColumn(name, copy, codes, missing);
    }

    private record DoubleArrayColumn(String name, double[] values, int missing) implements NumericColumn {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double value(int row) {
            return values[row];
        }

        @Override
        public void gather(int[] rows, int from, int count, double[] dst, int at) {
            for (int i = 0; i < count; i++) {
                dst[at + i] = values[rows[from + i]];
            }
        }
    }

    private record IntArrayColumn(String name, List<String> levels, int[] codes, int missing)
            implements CategoricalColumn {
        @Override
        public int size() {
            return codes.length;
        }

        @Override
        public int code(int row) {
            return codes[row];
        }

        @Override
        public void gather(int[] rows, int from, int count, int[] dst, int at) {
            for (int i = 0; i < count; i++) {
                dst[at + i] = codes[rows[from + i]];
            }
        }
    }
}
