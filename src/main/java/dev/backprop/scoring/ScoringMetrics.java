package dev.backprop.scoring;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A model's figures against the dataset's copy of its label column, gathered row by row while the
 * rows are scored: memory is classes² counts (or six numbers), never a copy of the rows.
 */
abstract sealed class ScoringMetrics permits ScoringMetrics.Classification, ScoringMetrics.Regression {

    /**
     * The figures as clients read them: for a classifier {@code accuracy} and {@code confusionMatrix}
     * (rows = actual, columns = predicted, in {@code classNames} order, as a model's own metrics);
     * for a regression {@code rmse}, {@code mae} and {@code r2}.
     *
     * @param rows rows compared: every row of the dataset (none lacks a label)
     * @param rowsWithUnknownClass rows whose actual class the model does not know: wrong in
     *                             {@code accuracy}, absent from the confusion matrix
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScoringMetrics")
    record Report(String labelColumn, long rows, Double accuracy, List<String> classNames, long[][] confusionMatrix,
                  Long rowsWithUnknownClass, Double rmse, Double mae, Double r2) {
    }

    final String labelColumn;

    private ScoringMetrics(String labelColumn) {
        this.labelColumn = labelColumn;
    }

    abstract Report report();

    static Classification classification(String labelColumn, List<String> classNames) {
        return new Classification(labelColumn, classNames);
    }

    static Regression regression(String labelColumn) {
        return new Regression(labelColumn);
    }

    static final class Classification extends ScoringMetrics {
        private final List<String> classNames;
        private final long[][] confusion;
        private long rows;
        private long correct;
        private long unknown;

        private Classification(String labelColumn, List<String> classNames) {
            super(labelColumn);
            this.classNames = List.copyOf(classNames);
            this.confusion = new long[classNames.size()][classNames.size()];
        }

        /** @param actual the model's index of the row's class, or -1 for a class the model does not know */
        void add(int actual, int predicted) {
            rows++;
            if (actual < 0) {
                unknown++;
                return;
            }
            confusion[actual][predicted]++;
            if (actual == predicted) {
                correct++;
            }
        }

        @Override
        Report report() {
            long[][] copy = new long[confusion.length][];
            for (int i = 0; i < confusion.length; i++) {
                copy[i] = confusion[i].clone();
            }
            return new Report(labelColumn, rows, rows == 0 ? null : (double) correct / rows, classNames, copy, unknown,
                    null, null, null);
        }
    }

    static final class Regression extends ScoringMetrics {
        private long rows;
        private double squaredErrors;
        private double absoluteErrors;
        /** Welford's running mean and sum of squared deviations of the actual values: r² needs Σ(y − ȳ)². */
        private double mean;
        private double deviations;

        private Regression(String labelColumn) {
            super(labelColumn);
        }

        void add(double actual, double predicted) {
            rows++;
            double e = predicted - actual;
            squaredErrors += e * e;
            absoluteErrors += Math.abs(e);
            // δ = y − ȳ₍ₙ₋₁₎; ȳₙ = ȳ₍ₙ₋₁₎ + δ/n; M₂ += δ·(y − ȳₙ)
            double delta = actual - mean;
            mean += delta / rows;
            deviations += delta * (actual - mean);
        }

        @Override
        Report report() {
            if (rows == 0) {
                return new Report(labelColumn, 0, null, null, null, null, null, null, null);
            }
            // r² = 1 − SSE / Σ(y − ȳ)², undefined when every actual value is the same
            Double r2 = deviations > 0 ? 1 - squaredErrors / deviations : null;
            return new Report(labelColumn, rows, null, null, null, null, Math.sqrt(squaredErrors / rows),
                    absoluteErrors / rows, r2);
        }
    }
}
