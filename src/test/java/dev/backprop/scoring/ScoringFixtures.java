package dev.backprop.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.Activation;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.Columns;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NetworkParameters;
import dev.backprop.engine.Normalization;
import dev.backprop.engine.NumericColumn;
import dev.backprop.engine.Task;

/** Datasets and models built by hand, so that a scoring's every cell can be checked against them. */
final class ScoringFixtures {

    private ScoringFixtures() {
    }

    static NumericColumn numeric(String name, double... values) {
        return Columns.numeric(name, values);
    }

    /** @param codes indexes into {@code levels}, {@link CategoricalColumn#MISSING} for a missing cell */
    static CategoricalColumn categorical(String name, List<String> levels, int... codes) {
        int missing = 0;
        for (int c : codes) {
            missing += c == CategoricalColumn.MISSING ? 1 : 0;
        }
        int m = missing;
        return new CategoricalColumn() {
            @Override
            public List<String> levels() {
                return levels;
            }

            @Override
            public int code(int row) {
                return codes[row];
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return codes.length;
            }

            @Override
            public int missing() {
                return m;
            }
        };
    }

    static Label classes(String name, List<String> levels, int... codes) {
        return new Label(name, null, categorical(name, levels, codes), levels.size());
    }

    static Label values(String name, double... values) {
        return new Label(name, values, null, Label.MAX_CLASSES + 1);
    }

    static Dataset dataset(String id, Label label, Column... features) {
        return new Dataset(id, id, List.of(features), label, "0".repeat(64), Instant.now(), false, label.rows(), 0);
    }

    static InputEncoder.NumericInput numericInput(String name, double min, double max) {
        return new InputEncoder.NumericInput(name, (min + max) / 2, true, (min + max) / 2, (max - min) / 2, min, max);
    }

    static InputEncoder.CategoricalInput categoricalInput(String name, String... levels) {
        return new InputEncoder.CategoricalInput(name, List.of(levels), true);
    }

    /** A network of random weights (one hidden tanh layer of 5) over {@code inputs}. */
    static NetworkModel network(long seed, List<InputEncoder.Input> inputs, Task task, Activation output,
                                List<String> classNames) {
        return network(seed, inputs, task, output, classNames, 5);
    }

    /** A network of random weights (one hidden tanh layer of {@code hidden}) over {@code inputs}. */
    static NetworkModel network(long seed, List<InputEncoder.Input> inputs, Task task, Activation output,
                                List<String> classNames, int hidden) {
        InputEncoder encoder = InputEncoder.of(Normalization.Z_SCORE, inputs);
        int outputs = task == Task.REGRESSION ? 1 : classNames.size();
        int[] sizes = {encoder.width(), hidden, outputs};
        SplittableRandom random = new SplittableRandom(seed);
        List<double[][]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            double[][] w = new double[sizes[l]][sizes[l + 1]];
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextDouble(-1, 1);
                }
            }
            weights.add(w);
            double[] b = new double[sizes[l + 1]];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextDouble(-0.5, 0.5);
            }
            biases.add(b);
        }
        return NetworkModel.of(new NetworkParameters(sizes, Activation.TANH, output, true, weights, biases, encoder,
                task, task == Task.REGRESSION ? List.of() : classNames, task == Task.REGRESSION ? 10 : 0,
                task == Task.REGRESSION ? 3 : 1));
    }
}
