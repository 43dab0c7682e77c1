package dev.backprop.training;

import java.util.List;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.ApiException;

// BRIDGE: replaced when the engine takes columns
/**
 * Today's engine trains on a dense row-major matrix and class indexes; datasets are typed
 * columns now. This turns a dataset the engine can already train (numeric features without
 * missing cells, a label with classes) into that matrix, and fails the job with a clear message
 * for any other, until the engine reads columns itself.
 */
final class TrainingDataBridge {

    private TrainingDataBridge() {
    }

    /** @throws ApiException 400 naming the column the engine cannot train yet */
    static TrainingData of(Dataset dataset) {
        Label label = dataset.label();
        if (label.classes() == null) {
            throw ApiException.badRequest("The label '" + label.name() + "' has more than " + Label.MAX_CLASSES
                    + " distinct values: regression is not trained yet");
        }
        List<Column> features = dataset.features();
        for (Column column : features) {
            if (column instanceof CategoricalColumn) {
                throw ApiException.badRequest("Column '" + column.name()
                        + "' is categorical: categorical features are not trained yet");
            }
            if (column.missing() > 0) {
                throw ApiException.badRequest("Column '" + column.name() + "' has " + column.missing() + " missing cell"
                        + (column.missing() == 1 ? "" : "s") + ": missing values are not trained yet");
            }
        }
        int rows = dataset.rows();
        int width = features.size();
        double[] matrix = new double[Math.multiplyExact(rows, width)];
        for (int j = 0; j < width; j++) {
            NumericColumn column = (NumericColumn) features.get(j);
            for (int i = 0; i < rows; i++) {
                matrix[i * width + j] = column.value(i);
            }
        }
        CategoricalColumn classes = label.classes();
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = classes.code(i);
        }
        return new TrainingData(matrix, labels, dataset.featureNames(), classes.levels());
    }

    /** Outputs of the network today's engine would build: one per class (at least one, for the size check). */
    static int outputs(Dataset dataset) {
        return Math.max(1, dataset.label().classNames().size());
    }
}
