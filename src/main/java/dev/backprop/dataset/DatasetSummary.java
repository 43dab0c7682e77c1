package dev.backprop.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON view of a dataset. Field names are a contract (DESIGN §3): id, name, rows, labelColumn,
 * features ({name, min, max, mean, std}, plus type, missing and levels), classes, sha256,
 * createdAt; {@code builtIn}, {@code skippedRows} and {@code label} are additions. Computed once
 * per dataset (the catalog caches it): one sweep per column.
 */
@Schema(name = "DatasetSummary", description = "A stored dataset: its columns, their statistics and its label")
record DatasetSummary(
        @Schema(example = "iris") String id,
        @Schema(example = "iris") String name,
        @Schema(description = "Number of data rows held (rows with a label)", example = "150") int rows,
        @Schema(example = "Species") String labelColumn,
        @Schema(description = "Feature columns in file order") List<Feature> features,
        @Schema(description = "Classes in order of first appearance, with their row counts; empty when the label has"
                + " more than 1000 distinct values (a regression target)") List<ClassCount> classes,
        @Schema(description = "SHA-256 (hex) of the uploaded bytes",
                example = "396c921bc9cf625a4ab755540084aa3d0d941c4ffed8681299689b1f502c3ac2") String sha256,
        Instant createdAt,
        @Schema(description = "True for the dataset shipped with the service; it cannot be deleted") boolean builtIn,
        @Schema(description = "Data rows of the file left out because their label was missing", example = "0")
        int skippedRows,
        @Schema(description = "The label column: its type, the task training chooses by default, and its"
                + " statistics when numeric") LabelSummary label) {

    /** Levels listed per categorical column; the rest are counted in {@code moreLevels}. */
    static final int TOP_LEVELS = 50;

    /**
     * A feature column. {@code min}, {@code max}, {@code mean} and {@code std} are over the present
     * cells of a numeric column ({@code std} the sample standard deviation, divisor n − 1, as R's
     * sd() and pandas; 0 for one value), absent for a categorical one or when no cell is present;
     * {@code levels} and {@code moreLevels} only for a categorical one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Feature(@Schema(example = "Sepal.Length") String name,
                   @Schema(description = "numeric or categorical", example = "numeric") String type,
                   @Schema(description = "Cells with no value (empty, NA, N/A, NaN, null, ?)", example = "0") int missing,
                   @Schema(example = "4.3") Double min,
                   @Schema(example = "7.9") Double max,
                   @Schema(example = "5.843") Double mean,
                   @Schema(example = "0.828") Double std,
                   @Schema(description = "The " + TOP_LEVELS + " most frequent levels with their counts (ties in order of"
                           + " first appearance)") List<LevelCount> levels,
                   @Schema(description = "How many more levels the column has than are listed", example = "0")
                   Integer moreLevels) {
    }

    record LevelCount(@Schema(example = "female") String name, @Schema(example = "314") int count) {
    }

    record ClassCount(@Schema(example = "setosa") String name, @Schema(example = "50") int count) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LabelSummary(@Schema(example = "Species") String name,
                        @Schema(description = "numeric when every label is a number, else categorical",
                                example = "categorical") String type,
                        @Schema(description = "What training does by default: classification for a text label or a"
                                + " numeric one with at most 20 distinct values, else regression",
                                example = "classification") String task,
                        @Schema(description = "Distinct labels; 1001 stands for more than 1000", example = "3")
                        int distinctValues,
                        Double min, Double max, Double mean, Double std) {
    }

    static DatasetSummary of(Dataset dataset) {
        List<Feature> features = new ArrayList<>(dataset.featureCount());
        for (Column column : dataset.features()) {
            features.add(feature(column));
        }
        Label label = dataset.label();
        List<ClassCount> classes = new ArrayList<>();
        if (label.classes() != null) {
            int[] counts = counts(label.classes());
            for (int c = 0; c < counts.length; c++) {
                classes.add(new ClassCount(label.classes().levels().get(c), counts[c]));
            }
        }
        Stats stats = label.values() != null ? Stats.of(label.values()) : Stats.NONE;
        LabelSummary labelSummary = new LabelSummary(label.name(), label.numeric() ? "numeric" : "categorical",
                label.defaultTask().id(), label.distinctValues(), stats.min(), stats.max(), stats.mean(), stats.std());
        return new DatasetSummary(dataset.id(), dataset.name(), dataset.rows(), label.name(), List.copyOf(features),
                List.copyOf(classes), dataset.sha256(), dataset.createdAt(), dataset.builtIn(), dataset.skippedRows(),
                labelSummary);
    }

    private static Feature feature(Column column) {
        if (column instanceof NumericColumn numeric) {
            Stats stats = Stats.of(numeric);
            return new Feature(column.name(), ColumnType.NUMERIC.id(), column.missing(), stats.min(), stats.max(),
                    stats.mean(), stats.std(), null, null);
        }
        CategoricalColumn categorical = (CategoricalColumn) column;
        int[] counts = counts(categorical);
        List<Integer> order = new ArrayList<>(counts.length);
        for (int c = 0; c < counts.length; c++) {
            order.add(c);
        }
        // most frequent first; a stable sort keeps ties in order of first appearance
        order.sort(Comparator.comparingInt((Integer c) -> counts[c]).reversed());
        List<LevelCount> levels = new ArrayList<>(Math.min(TOP_LEVELS, counts.length));
        for (int c : order.subList(0, Math.min(TOP_LEVELS, counts.length))) {
            levels.add(new LevelCount(categorical.levels().get(c), counts[c]));
        }
        return new Feature(column.name(), ColumnType.CATEGORICAL.id(), column.missing(), null, null, null, null,
                List.copyOf(levels), counts.length - levels.size());
    }

    private static int[] counts(CategoricalColumn column) {
        int[] counts = new int[column.levels().size()];
        for (int i = 0; i < column.size(); i++) {
            int code = column.code(i);
            if (code != CategoricalColumn.MISSING) {
                counts[code]++;
            }
        }
        return counts;
    }

    /** min, max, mean and sample std of the present values; all null when there is none. */
    private record Stats(Double min, Double max, Double mean, Double std) {

        static final Stats NONE = new Stats(null, null, null, null);

        static Stats of(NumericColumn column) {
            Welford w = new Welford();
            for (int i = 0; i < column.size(); i++) {
                w.add(column.value(i));
            }
            return w.stats();
        }

        static Stats of(double[] values) {
            Welford w = new Welford();
            for (double v : values) {
                w.add(v);
            }
            return w.stats();
        }
    }

    private static final class Welford {
        private long n;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double mean;
        private double m2;

        void add(double v) {
            if (Double.isNaN(v)) {
                return;
            }
            n++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            // mean_k = mean_{k-1} + (v − mean_{k-1}) / k,  M2_k = M2_{k-1} + (v − mean_{k-1})(v − mean_k)
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }

        Stats stats() {
            return n == 0 ? Stats.NONE : new Stats(min, max, mean, n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0);
        }
    }
}
