package dev.backprop.training;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.ApiException;

/** A dataset as the engine trains on it: its columns as they are, and the label as classes or as numbers. */
final class DatasetData {

    private DatasetData() {
    }

    /** @throws ApiException 400 when the label cannot serve the task (text for a regression, too many classes) */
    static TrainingData of(Dataset dataset, Task task) {
        Label label = dataset.label();
        if (task == Task.REGRESSION) {
            if (!label.numeric()) {
                throw ApiException.badRequest("task regression needs a numeric label, but '" + label.name()
                        + "' holds text; use task classification").with("field", "task");
            }
            return new TrainingData(dataset.features(), new TrainingData.Values(label.values()));
        }
        CategoricalColumn classes = label.classes();
        if (classes == null) {
            throw ApiException.badRequest("task classification needs at most " + Label.MAX_CLASSES + " distinct labels, but '"
                    + label.name() + "' has more; use task regression for a numeric label").with("field", "task");
        }
        if (classes.levels().size() < 2) {
            throw ApiException.badRequest("label '" + label.name() + "' has only one class ('" + classes.levels().get(0)
                    + "'); a classifier needs at least two").with("field", "task");
        }
        int[] labels = new int[dataset.rows()];
        classes.gather(identity(dataset.rows()), 0, labels.length, labels, 0);
        return new TrainingData(dataset.features(), new TrainingData.Classes(labels, classes.levels()));
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
