package dev.backprop.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.Activation;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NumericColumn;
import dev.backprop.engine.Task;

/**
 * A large dataset whose cells are computed from their row and column (a hash), so that it takes no
 * memory: what a test of the scoring's own memory needs (a stored dataset's memory is the
 * dataset module's, budgeted at upload). {@code columns − 2} numeric columns of two-decimal
 * numbers in [0, 100) with one cell in 50 missing, two categorical columns of five levels with one
 * in six missing, and a label of three classes; plus a model of random weights that reads them all.
 * The columns do not count their missing cells ({@code missing()} is 0): scoring never asks.
 */
final class GeneratedDataset {

    static final List<String> LEVELS = List.of("amber", "blue", "green", "red", "violet");
    static final List<String> CLASSES = List.of("low", "mid", "high");

    private GeneratedDataset() {
    }

    static Dataset of(int rows, int columns) {
        List<Column> features = new ArrayList<>();
        for (int j = 0; j < columns - 2; j++) {
            features.add(numeric("n" + j, rows, j));
        }
        features.add(categorical("c0", rows, 1000, LEVELS, 6));
        features.add(categorical("c1", rows, 1001, LEVELS, 6));
        CategoricalColumn label = categorical("class", rows, 2000, CLASSES, CLASSES.size());
        return new Dataset("generated", "generated", features, new Label("class", null, label, CLASSES.size()),
                "0".repeat(64), Instant.now(), false, rows, 0);
    }

    static NetworkModel model(int columns, int hidden) {
        List<InputEncoder.Input> inputs = new ArrayList<>();
        for (int j = 0; j < columns - 2; j++) {
            inputs.add(ScoringFixtures.numericInput("n" + j, 0, 100));
        }
        inputs.add(ScoringFixtures.categoricalInput("c0", "red", "green", "blue", "amber"));
        inputs.add(ScoringFixtures.categoricalInput("c1", "blue", "red", "green", "amber"));
        return ScoringFixtures.network(42, inputs, Task.CLASSIFICATION, Activation.SOFTMAX, CLASSES, hidden);
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit value of (row, column). */
    static long mix(long row, long column) {
        long z = row * 0x9E3779B97F4A7C15L + column * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static NumericColumn numeric(String name, int rows, int column) {
        return new NumericColumn() {
            @Override
            public double value(int row) {
                long h = mix(row, column);
                return Math.floorMod(h, 50) == 0 ? Double.NaN : Math.floorMod(h >>> 8, 10_000) / 100.0;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return rows;
            }

            @Override
            public int missing() {
                return 0;
            }
        };
    }

    /** @param missingOneIn one cell in this many is missing (with {@code levels.size()}: none) */
    private static CategoricalColumn categorical(String name, int rows, int column, List<String> levels, int missingOneIn) {
        return new CategoricalColumn() {
            @Override
            public List<String> levels() {
                return levels;
            }

            @Override
            public int code(int row) {
                int c = (int) Math.floorMod(mix(row, column), missingOneIn == levels.size() ? levels.size()
                        : missingOneIn);
                return c >= levels.size() ? MISSING : c;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return rows;
            }

            @Override
            public int missing() {
                return 0;
            }
        };
    }
}
