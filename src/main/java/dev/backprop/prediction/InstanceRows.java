package dev.backprop.prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.system.MemoryBudget;

/**
 * The one place the rules for instances live, whichever reader (JSON, CSV, Open Inference
 * Protocol tensors) tokenizes them: the model's column order and types, what counts as missing,
 * how a categorical value maps to the model's levels, the row limit, the memory budget, and the
 * wording of every problem and warning. Readers only say "row i, column j: this number / this
 * text / missing". The result is the raw block {@link NetworkModel#predictBatch} takes.
 *
 * <p>Missing values (null, absent, a missing marker) are allowed: a numeric one is imputed with
 * the training mean, a categorical one takes the model's "missing" input; each gets a warning. A
 * categorical level the model never saw is predicted with all its inputs zero, with a warning. A
 * value of the wrong kind (text for a numeric column, a non-finite number) is a 400 naming the
 * instance and the column.
 */
public final class InstanceRows implements AutoCloseable {

    /** A value more than this many training ranges beyond the nearest bound gets a warning. */
    static final double FAR_OUTSIDE_RANGES = 1.0;

    /** Says where a problem is, in the reader's own terms ("instances[3], feature 'age'", "CSV row 4, column 'age'"). */
    @FunctionalInterface
    public interface Place {
        String of(int row, String column);
    }

    private final NetworkModel model;
    private final List<InputEncoder.Input> inputs;
    private final int columns;
    private final int maxRows;
    private final Place place;
    private final MemoryBudget.Reservation memory;
    private double[] raw;
    private int rows;
    private final boolean[] given;
    /** Warnings by row; most rows have none. */
    private final Map<Integer, List<String>> warnings = new HashMap<>();

    public InstanceRows(NetworkModel model, int maxRows, Place place, MemoryBudget budget) {
        this.model = model;
        this.inputs = model.encoder().inputs();
        this.columns = inputs.size();
        this.maxRows = maxRows;
        this.place = place;
        this.memory = budget.reserve("this prediction request");
        this.given = new boolean[columns];
        this.raw = new double[0];
    }

    /** Starts the next row; @return its index */
    public int begin() {
        if (rows == maxRows) {
            throw new InvalidInstanceException("at most " + maxRows + " instances per request "
                    + "(backprop.limits.prediction-instances)");
        }
        long needed = (long) (rows + 1) * columns;
        if (needed > raw.length) {
            long grown = Math.max(needed, Math.min((long) raw.length * 2, (long) maxRows * columns));
            memory.growTo(grown * Double.BYTES);
            raw = Arrays.copyOf(raw, Math.toIntExact(grown));
        }
        Arrays.fill(given, false);
        return rows;
    }

    /** Column {@code j} of the current row is the number {@code v}, written {@code asWritten} (for a categorical column). */
    public void number(int j, double v, String asWritten) {
        if (model.categorical(j)) {
            text(j, asWritten);
            return;
        }
        if (!Double.isFinite(v)) {
            throw problem(j, "must be a finite number, was " + asWritten);
        }
        set(j, v);
    }

    /** Column {@code j} of the current row is the text {@code s}, as JSON strings and OIP BYTES give it. */
    public void text(int j, String s) {
        if (!model.categorical(j)) {
            throw problem(j, "must be a number, was \"" + shorten(s) + "\"");
        }
        category(j, s);
    }

    /** Whether column {@code j} is categorical (its values are level names). */
    public boolean categorical(int j) {
        return model.categorical(j);
    }

    /** Column {@code j} of the current row is missing (null, or a missing marker). */
    public void missing(int j) {
        given[j] = true;
        raw[rows * columns + j] = Double.NaN;
        warnMissing(j);
    }

    private void category(int j, String level) {
        double code = model.level(j, level);
        if (code == InputEncoder.UNSEEN) {
            warn("feature '" + name(j) + "' = '" + shorten(level) + "' was not seen in training; its inputs are all zero");
        }
        set(j, code);
    }

    private void set(int j, double v) {
        given[j] = true;
        raw[rows * columns + j] = v;
    }

    /** Ends the current row: a column it did not give is missing. */
    public void end() {
        for (int j = 0; j < columns; j++) {
            if (!given[j]) {
                raw[rows * columns + j] = Double.NaN;
                warnMissing(j);
            }
        }
        for (int j = 0; j < columns; j++) {
            double v = raw[rows * columns + j];
            if (inputs.get(j) instanceof InputEncoder.NumericInput n && !Double.isNaN(v)) {
                double range = n.max() - n.min() > 0 ? n.max() - n.min() : Math.max(Math.abs(n.max()), 1e-9);
                if (v < n.min() - FAR_OUTSIDE_RANGES * range || v > n.max() + FAR_OUTSIDE_RANGES * range) {
                    warn("feature '" + n.name() + "' = " + v + " is far outside the training range [" + n.min() + ", "
                            + n.max() + "]; the prediction is an extrapolation");
                }
            }
        }
        rows++;
    }

    private void warnMissing(int j) {
        if (inputs.get(j) instanceof InputEncoder.NumericInput n) {
            warn("feature '" + n.name() + "' is missing; it was imputed with the training mean " + n.impute());
        } else if (((InputEncoder.CategoricalInput) inputs.get(j)).missingLevel()) {
            warn("feature '" + name(j) + "' is missing; the model learnt missing values of it in training");
        } else {
            warn("feature '" + name(j) + "' is missing and was never missing in training; its inputs are all zero");
        }
    }

    private void warn(String warning) {
        warnings.computeIfAbsent(rows, r -> new ArrayList<>(1)).add(warning);
    }

    /** The problem with column {@code j} of the current row, placed by the reader. */
    public InvalidInstanceException problem(int j, String problem) {
        InvalidInstanceException e = new InvalidInstanceException(place.of(rows, name(j)) + ": " + problem);
        e.with("instanceIndex", rows).with("feature", name(j));
        return e;
    }

    /** A problem with the current row as a whole. */
    public InvalidInstanceException problem(String problem) {
        InvalidInstanceException e = new InvalidInstanceException(place.of(rows, null) + ": " + problem);
        e.with("instanceIndex", rows);
        return e;
    }

    private String name(int j) {
        return inputs.get(j).name();
    }

    /** The column of a feature name, or -1. */
    public int column(String name) {
        Integer j = model.featureColumns().get(name);
        return j == null ? -1 : j;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** Rows × columns, row-major; may be longer than that. */
    public double[] raw() {
        return raw;
    }

    public List<String> warnings(int row) {
        return warnings.getOrDefault(row, List.of());
    }

    public List<String> featureNames() {
        return model.featureNames();
    }

    @Override
    public void close() {
        raw = null;
        memory.close();
    }

    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
