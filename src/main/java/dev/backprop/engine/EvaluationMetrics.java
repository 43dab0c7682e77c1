package dev.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model does on one set of rows. A classifier's figures are accuracy, the confusion matrix
 * and per-class precision/recall/F1; a regression's are RMSE, MAE and R² (on the target's own
 * scale). Both report {@code loss}, the training objective's mean per row; the other kind's
 * figures are null (the service leaves them out of its JSON).
 *
 * @param accuracy share of rows whose most probable class is the true one, in [0, 1]
 * @param loss mean per-row loss (the configured loss, without weight decay; for a regression on the
 *        standardised target)
 * @param meanAbsoluteError mean |y − a| over all one-hot outputs
 * @param oneMinusMaePercent (1 − meanAbsoluteError)·100: the figure the original case study
 *        called "accuracy"; it is not an accuracy
 * @param rows number of rows evaluated
 * @param confusionMatrix rows = actual class, columns = predicted class
 * @param perClass precision, recall, F1 and support per class
 * @param rmse root mean squared error of the predicted values
 * @param mae mean absolute error of the predicted values
 * @param r2 coefficient of determination: 1 − SSE / SST over these rows (1 is perfect; 0 is the
 *        rows' own mean; below 0 is worse than that)
 */
public record EvaluationMetrics(Double accuracy, double loss, Double meanAbsoluteError, Double oneMinusMaePercent,
                                int rows, int[][] confusionMatrix, List<ClassMetrics> perClass, Double rmse,
                                Double mae, Double r2) {

    /** Collects a classifier's figures over chunks of rows. */
    static final class Classification {
        private final Loss loss;
        private final Activation output;
        private final List<String> classNames;
        private final int[][] confusion;
        private double lossSum;
        private double absSum;
        private int rows;

        Classification(Loss loss, Activation output, List<String> classNames) {
            this.loss = loss;
            this.output = output;
            this.classNames = classNames;
            this.confusion = new int[classNames.size()][classNames.size()];
        }

        /** Adds {@code a} (network outputs) against one-hot {@code y}, both classes × m. */
        void add(Batch a, Batch y, int[] labels, int m) {
            int k = a.units();
            for (int r = 0; r < m; r++) {
                confusion[labels[r]][argmax(a, r)]++;
            }
            for (int c = 0; c < k; c++) {
                double[] ad = a.row[c];
                double[] yd = y.row[c];
                for (int r = 0; r < m; r++) {
                    absSum += Math.abs(yd[r] - ad[r]);
                }
            }
            lossSum += Network.lossSum(loss, output, a, y);
            rows += m;
        }

        EvaluationMetrics metrics() {
            int k = classNames.size();
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
            double mae = absSum / ((double) rows * k);
            return new EvaluationMetrics((double) correct / rows, lossSum / rows, mae, (1 - mae) * 100, rows,
                    confusion, List.copyOf(perClass), null, null, null);
        }
    }

    /**
     * Collects a regression's figures over chunks of rows. The network works on the standardised
     * target ({@code (y − mean) / std}); errors are reported on the target's own scale.
     */
    static final class Regression {
        private final double mean;
        private final double std;
        private double lossSum;
        private double squared;
        private double absolute;
        private double sumY;
        private double sumY2;
        private int rows;

        Regression(double mean, double std) {
            this.mean = mean;
            this.std = std;
        }

        /** Adds outputs {@code a} against standardised targets {@code y}, both 1 × m. */
        void add(Batch a, Batch y, int m) {
            double[] ad = a.row[0];
            double[] yd = y.row[0];
            for (int r = 0; r < m; r++) {
                double e = ad[r] - yd[r];
                // ½(a − y)², the objective, on the standardised scale
                lossSum += 0.5 * e * e;
                double actual = yd[r] * std + mean;
                double error = e * std;
                squared += error * error;
                absolute += Math.abs(error);
                sumY += actual;
                sumY2 += actual * actual;
            }
            rows += m;
        }

        EvaluationMetrics metrics() {
            double meanY = sumY / rows;
            // SST = Σ(y − ȳ)² = Σy² − n·ȳ²
            double total = Math.max(0, sumY2 - rows * meanY * meanY);
            double r2 = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0);
            return new EvaluationMetrics(null, lossSum / rows, null, null, rows, null, null,
                    Math.sqrt(squared / rows), absolute / rows, r2);
        }
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
