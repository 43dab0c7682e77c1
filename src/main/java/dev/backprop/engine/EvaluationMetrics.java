package dev.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model does on one set of rows.
 *
 * @param accuracy share of rows whose most probable class is the true one, in [0, 1]
 * @param loss mean per-row loss (the configured loss, without weight decay)
 * @param meanAbsoluteError mean |y − a| over all one-hot outputs
 * @param oneMinusMaePercent (1 − meanAbsoluteError)·100: the figure the original case study
 *        called "accuracy"; it is not an accuracy
 * @param rows number of rows evaluated
 * @param confusionMatrix rows = actual class, columns = predicted class
 * @param perClass precision, recall, F1 and support per class
 */
public record EvaluationMetrics(double accuracy, double loss, double meanAbsoluteError, double oneMinusMaePercent,
                                int rows, int[][] confusionMatrix, List<ClassMetrics> perClass) {

    /** Computes the metrics from network outputs {@code a} and one-hot targets {@code y}, both classes × rows. */
    static EvaluationMetrics of(Batch a, Batch y, int[] labels, Loss loss, Activation output,
                                List<String> classNames) {
        int n = a.cols;
        int k = a.units();
        int[][] confusion = new int[k][k];
        double absSum = 0;
        for (int r = 0; r < n; r++) {
            confusion[labels[r]][argmax(a, r)]++;
        }
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < n; r++) {
                absSum += Math.abs(y.row[c][r] - a.row[c][r]);
            }
        }
        int correct = 0;
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
        }
        List<ClassMetrics> perClass = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            int predicted = 0;
            int actual = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            double precision = predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
            double recall = actual == 0 ? 0 : (double) confusion[c][c] / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(classNames.get(c), precision, recall, f1, actual));
        }
        double mae = absSum / ((double) n * k);
        return new EvaluationMetrics((double) correct / n, Network.lossSum(loss, output, a, y) / n, mae,
                (1 - mae) * 100, n, confusion, List.copyOf(perClass));
    }

    /** The most probable class of example (column) {@code column} of a classes × rows output. */
    static int argmax(Batch a, int column) {
        int best = 0;
        for (int c = 1; c < a.units(); c++) {
            if (a.row[c][column] > a.row[best][column]) {
                best = c;
            }
        }
        return best;
    }
}
