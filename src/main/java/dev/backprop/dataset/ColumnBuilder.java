package dev.backprop.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.tabular.MissingMarkers;
import dev.backprop.tabular.NumberText;
import dev.backprop.tabular.SafeText;

/**
 * One column while the CSV is read, already in compact form, deciding its type as it goes.
 *
 * <p>It starts as a dictionary: each distinct text gets a code in order of first appearance and
 * each cell costs one byte (two beyond 255 distinct texts), whether the texts are words or
 * numbers. A column whose every text is a number and that outgrows the dictionary
 * ({@link #DICTIONARY_CAPACITY} distinct values, or {@code backprop.limits.levels} if larger)
 * switches to holding the numbers themselves, as floats while every value is exactly one, else
 * doubles; by then it can no longer become categorical within the level limit, so a later text
 * cell is an error. At the end a dictionary column with any text (or forced categorical) is
 * categorical with its texts as levels; one of numbers only is numeric, coded into a table of its
 * values. So the type is decided over the whole column, in one pass, without holding any text
 * but the distinct values.
 *
 * <p>{@code Inf}, {@code Infinity}, {@code 1e400} and the like are no numbers (nor NaN, unless it
 * is not a missing marker): in a column that ends numeric they are an error naming their first
 * cell; among text they are just levels.
 */
final class ColumnBuilder {

    /** Distinct values a column keeps as a dictionary (so also the most classes a numeric label can have). */
    static final int DICTIONARY_CAPACITY = Label.MAX_CLASSES;

    private static final int INITIAL_ROWS = 1024;

    /** Where a value first appeared, for a message about it later. */
    private record Cell(long row, long line, String text) {
    }

    private final String name;
    private final int position;
    private final ColumnType forced;
    private final MissingMarkers markers;
    private final int maxLevels;
    private final int capacity;

    private TextDictionary dictionary = new TextDictionary();
    private double[] entryValues = new double[16];   // per entry: its number, NaN for text
    private byte[] byteCodes = new byte[INITIAL_ROWS];
    private short[] shortCodes;
    private float[] floats;
    private double[] doubles;
    private boolean text;
    private Cell firstNonFinite;
    private int size;
    private int missing;

    /**
     * @param position  1-based column number in the file, for messages
     * @param forced    the type asked for with {@code columnTypes}, or null to infer it
     * @param maxLevels most levels of a categorical column ({@code backprop.limits.levels})
     */
    ColumnBuilder(String name, int position, ColumnType forced, MissingMarkers markers, int maxLevels) {
        if (maxLevels < 2 || maxLevels > CompactColumns.SHORT_CODES) {
            throw new IllegalArgumentException("backprop.limits.levels must be in [2, " + CompactColumns.SHORT_CODES
                    + "], was " + maxLevels);
        }
        this.name = name;
        this.position = position;
        this.forced = forced;
        this.markers = markers;
        this.maxLevels = maxLevels;
        this.capacity = Math.max(maxLevels, DICTIONARY_CAPACITY);
    }

    String name() {
        return name;
    }

    int position() {
        return position;
    }

    int size() {
        return size;
    }

    /** Whether the column is categorical as read so far (text seen, or forced); numbers-only columns are not. */
    boolean categorical() {
        return dictionary != null && (text || forced == ColumnType.CATEGORICAL);
    }

    /** Adds the cell {@code chars[offset, offset + length)} (trimmed) of data row {@code row}, which starts on {@code line}. */
    void add(char[] chars, int offset, int length, long row, long line) {
        if (markers.isMissing(chars, offset, length)) {
            missing++;
            if (dictionary != null) {
                appendCode(0);
            } else {
                appendNumber(Double.NaN);
            }
            return;
        }
        if (dictionary != null) {
            int entry = dictionary.find(chars, offset, length);
            if (entry < 0) {
                entry = newEntry(chars, offset, length, row, line);
            }
            if (entry >= 0) {
                appendCode(entry + 1);
                return;
            }
            // the dictionary is full of numbers: from here on the column holds the numbers themselves
        }
        double value = NumberText.parse(chars, offset, length);
        if (!Double.isFinite(value)) {
            throw notANumber(new String(chars, offset, length), value, row, line);
        }
        appendNumber(value);
    }

    /** A new distinct text: its entry, or -1 when the column has just switched to numbers. */
    private int newEntry(char[] chars, int offset, int length, long row, long line) {
        double value = NumberText.parse(chars, offset, length);
        boolean number = Double.isFinite(value);
        boolean nonFinite = !number && (Double.isInfinite(value) || NumberText.isNonFinite(chars, offset, length));
        if (forced == ColumnType.NUMERIC && !number) {
            throw notANumber(new String(chars, offset, length), value, row, line);
        }
        if (!number) {
            int bad = SafeText.firstForbidden(chars, offset, length);
            if (bad >= 0) {
                throw problem(row, line, "the value holds " + SafeText.describe(chars[offset + bad])
                        + "; text values may not hold line breaks, tabs, control or bidirectional characters");
            }
            if (nonFinite) {
                if (firstNonFinite == null) {
                    firstNonFinite = new Cell(row, line, new String(chars, offset, length));
                }
            } else {
                text = true;
            }
        }
        if (categorical()) {
            if (dictionary.size() >= maxLevels) {
                throw tooManyLevels(row, line);
            }
        } else if (dictionary.size() >= capacity) {
            switchToNumbers();
            return -1;
        }
        int entry = dictionary.add(chars, offset, length);
        if (entry == entryValues.length) {
            entryValues = Arrays.copyOf(entryValues, entry * 2);
        }
        entryValues[entry] = number ? value : Double.NaN;
        if (entry + 1 > CompactColumns.BYTE_CODES && shortCodes == null) {
            shortCodes = new short[byteCodes.length];
            for (int i = 0; i < size; i++) {
                shortCodes[i] = (short) (byteCodes[i] & 0xff);
            }
            byteCodes = null;
        }
        return entry;
    }

    private void switchToNumbers() {
        if (firstNonFinite != null) {
            throw nonFinite(firstNonFinite);
        }
        boolean allFloats = true;
        for (int e = 0; e < dictionary.size(); e++) {
            allFloats &= (float) entryValues[e] == entryValues[e];
        }
        int length = Math.max(INITIAL_ROWS, size + (size >> 1));
        if (allFloats) {
            floats = new float[length];
            for (int i = 0; i < size; i++) {
                int code = code(i);
                floats[i] = code == 0 ? Float.NaN : (float) entryValues[code - 1];
            }
        } else {
            doubles = new double[length];
            for (int i = 0; i < size; i++) {
                int code = code(i);
                doubles[i] = code == 0 ? Double.NaN : entryValues[code - 1];
            }
        }
        dictionary = null;
        entryValues = null;
        byteCodes = null;
        shortCodes = null;
    }

    private int code(int row) {
        return byteCodes != null ? byteCodes[row] & 0xff : shortCodes[row] & 0xffff;
    }

    private void appendCode(int code) {
        if (byteCodes != null) {
            if (size == byteCodes.length) {
                byteCodes = Arrays.copyOf(byteCodes, grown(size));
            }
            byteCodes[size++] = (byte) code;
        } else {
            if (size == shortCodes.length) {
                shortCodes = Arrays.copyOf(shortCodes, grown(size));
            }
            shortCodes[size++] = (short) code;
        }
    }

    private void appendNumber(double value) {
        if (floats != null) {
            if ((float) value == value || Double.isNaN(value)) {
                if (size == floats.length) {
                    floats = Arrays.copyOf(floats, grown(size));
                }
                floats[size++] = (float) value;
                return;
            }
            // the first value that is not exactly a float: from here on, doubles
            doubles = new double[Math.max(floats.length, size + 1)];
            for (int i = 0; i < size; i++) {
                doubles[i] = floats[i];
            }
            floats = null;
        }
        if (size == doubles.length) {
            doubles = Arrays.copyOf(doubles, grown(size));
        }
        doubles[size++] = value;
    }

    private static int grown(int size) {
        long next = Math.max(INITIAL_ROWS, size + (long) (size >> 1));
        if (next > Integer.MAX_VALUE - 16) {
            throw InvalidDatasetException.oversize("The dataset has more rows than one array can hold");
        }
        return (int) next;
    }

    /** Whether the cell of {@code row} is missing. */
    boolean isMissing(int row) {
        if (dictionary != null) {
            return code(row) == 0;
        }
        return Double.isNaN(floats != null ? floats[row] : doubles[row]);
    }

    /**
     * Drops the rows in {@code drop}, in place, and forgets texts that only those rows held (so
     * that no level is left without a row).
     */
    void drop(BitSet drop) {
        int kept = 0;
        int[] counts = dictionary != null ? new int[dictionary.size() + 1] : null;
        missing = 0;
        for (int i = 0; i < size; i++) {
            if (drop.get(i)) {
                continue;
            }
            if (byteCodes != null) {
                byteCodes[kept] = byteCodes[i];
            } else if (shortCodes != null) {
                shortCodes[kept] = shortCodes[i];
            } else if (floats != null) {
                floats[kept] = floats[i];
            } else {
                doubles[kept] = doubles[i];
            }
            if (isMissing(kept)) {
                missing++;
            }
            if (counts != null) {
                counts[code(kept)]++;
            }
            kept++;
        }
        size = kept;
        if (counts != null) {
            forgetUnused(counts);
        }
    }

    private void forgetUnused(int[] counts) {
        int[] remap = new int[counts.length];
        TextDictionary kept = new TextDictionary();
        double[] keptValues = new double[entryValues.length];
        boolean anyGone = false;
        for (int e = 0; e < dictionary.size(); e++) {
            if (counts[e + 1] == 0) {
                anyGone = true;
                continue;
            }
            char[] t = dictionary.text(e).toCharArray();
            int k = kept.add(t, 0, t.length);
            keptValues[k] = entryValues[e];
            remap[e + 1] = k + 1;
        }
        if (!anyGone) {
            return;
        }
        for (int i = 0; i < size; i++) {
            int code = remap[code(i)];
            if (byteCodes != null) {
                byteCodes[i] = (byte) code;
            } else {
                shortCodes[i] = (short) code;
            }
        }
        dictionary = kept;
        entryValues = keptValues;
    }

    /** The finished column: categorical, or numeric in the smallest exact form. */
    Column build() {
        if (dictionary != null) {
            if (categorical()) {
                return categoricalColumn();
            }
            if (firstNonFinite != null) {
                throw nonFinite(firstNonFinite);
            }
            double[] table = new double[dictionary.size() + 1];
            table[0] = Double.NaN;
            System.arraycopy(entryValues, 0, table, 1, dictionary.size());
            return new CompactColumns.CodedNumeric(name, table, trimmed(byteCodes), trimmed(shortCodes), missing);
        }
        if (floats != null) {
            return new CompactColumns.Floats(name, floats.length == size ? floats : Arrays.copyOf(floats, size), missing);
        }
        return new CompactColumns.Doubles(name, doubles.length == size ? doubles : Arrays.copyOf(doubles, size), missing);
    }

    private CompactColumns.CodedCategorical categoricalColumn() {
        List<String> levels = new ArrayList<>(dictionary.size());
        for (int e = 0; e < dictionary.size(); e++) {
            levels.add(dictionary.text(e));
        }
        return new CompactColumns.CodedCategorical(name, levels, trimmed(byteCodes), trimmed(shortCodes), missing);
    }

    /** The label's values as numbers (full precision), or null when it is categorical. */
    double[] labelValues() {
        if (categorical()) {
            return null;
        }
        if (firstNonFinite != null) {
            throw nonFinite(firstNonFinite);
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = dictionary != null ? entryValues[code(i) - 1] : floats != null ? floats[i] : doubles[i];
        }
        return values;
    }

    /** The label as classes (its texts, in order of first appearance), or null beyond {@code maxClasses}. */
    CategoricalColumn labelClasses(int maxClasses) {
        return dictionary != null && dictionary.size() <= maxClasses ? categoricalColumn() : null;
    }

    /** Distinct texts, or {@code cap} when there are more (or the column holds numbers beyond its dictionary). */
    int distinct(int cap) {
        return dictionary != null ? Math.min(dictionary.size(), cap) : cap;
    }

    private byte[] trimmed(byte[] codes) {
        return codes == null || codes.length == size ? codes : Arrays.copyOf(codes, size);
    }

    private short[] trimmed(short[] codes) {
        return codes == null || codes.length == size ? codes : Arrays.copyOf(codes, size);
    }

    private InvalidDatasetException notANumber(String value, double parsed, long row, long line) {
        String shown = "'" + shorten(value) + "'";
        if (Double.isInfinite(parsed)) {
            return problem(row, line, shown + " is too large for a double");
        }
        if (NumberText.isNonFinite(value)) {
            return problem(row, line, shown + " is not a finite number: a numeric column holds finite numbers and"
                    + " missing cells only");
        }
        String hint = Double.isFinite(NumberText.parse(value.replace(',', '.'))) ? "; use '.' as the decimal separator" : "";
        if (forced == ColumnType.NUMERIC) {
            return problem(row, line, shown + " is not a number, and columnTypes makes this column numeric" + hint);
        }
        return problem(row, line, shown + " is not a number, and the rows above hold more than " + capacity
                + " distinct numbers: as a categorical column it would have more levels than allowed"
                + " (backprop.limits.levels = " + maxLevels + "); correct the cell or leave it empty" + hint);
    }

    private InvalidDatasetException nonFinite(Cell cell) {
        return notANumber(cell.text(), NumberText.parse(cell.text()), cell.row(), cell.line());
    }

    private InvalidDatasetException tooManyLevels(long row, long line) {
        return problem(row, line, "the column has more than " + maxLevels + " distinct values (backprop.limits.levels):"
                + " it looks like an identifier or free text, not a category; remove the column, or if it holds"
                + " numbers with a few typos, correct them")
                .with("limit", maxLevels);
    }

    private InvalidDatasetException problem(long row, long line, String what) {
        return InvalidDatasetException.atCell(row, line, name, position, what);
    }

    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
