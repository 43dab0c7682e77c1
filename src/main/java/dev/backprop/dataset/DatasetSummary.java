package dev.backprop.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON view of a dataset. Field names are a contract (DESIGN §3): id, name, rows, labelColumn,
 * features, classes, sha256, createdAt; {@code builtIn} is an addition.
 */
@Schema(name = "DatasetSummary", description = "A stored dataset: its columns, their statistics and its classes")
record DatasetSummary(
        @Schema(example = "iris") String id,
        @Schema(example = "iris") String name,
        @Schema(description = "Number of data rows", example = "150") int rows,
        @Schema(example = "Species") String labelColumn,
        @Schema(description = "Feature columns in file order") List<Feature> features,
        @Schema(description = "Classes in order of first appearance, with their row counts") List<ClassCount> classes,
        @Schema(description = "SHA-256 (hex) of the uploaded bytes",
                example = "396c921bc9cf625a4ab755540084aa3d0d941c4ffed8681299689b1f502c3ac2") String sha256,
        Instant createdAt,
        @Schema(description = "True for the dataset shipped with the service; it cannot be deleted") boolean builtIn) {

    /** {@code std} is the sample standard deviation (divisor n − 1, as R's sd() and pandas), 0 for one row. */
    record Feature(@Schema(example = "Sepal.Length") String name, @Schema(example = "4.3") double min,
                   @Schema(example = "7.9") double max, @Schema(example = "5.843") double mean,
                   @Schema(example = "0.828") double std) {
    }

    record ClassCount(@Schema(example = "setosa") String name, @Schema(example = "50") int count) {
    }

    static DatasetSummary of(Dataset dataset) {
        int width = dataset.featureCount();
        int rows = dataset.rows();
        double[] x = dataset.features();
        double[] min = new double[width];
        double[] max = new double[width];
        double[] mean = new double[width];
        double[] m2 = new double[width];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < rows; i++) {      // row by row: one sequential sweep over the array
            int base = i * width;
            for (int j = 0; j < width; j++) {
                double v = x[base + j];
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
                // Welford: mean_k = mean_{k-1} + (v − mean_{k-1}) / k,  M2_k = M2_{k-1} + (v − mean_{k-1})(v − mean_k)
                double delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        List<Feature> features = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            double std = rows > 1 ? Math.sqrt(m2[j] / (rows - 1)) : 0;
            features.add(new Feature(dataset.featureNames().get(j), min[j], max[j], mean[j], std));
        }
        int[] counts = new int[dataset.classNames().size()];
        for (int label : dataset.labels()) {
            counts[label]++;
        }
        List<ClassCount> classes = new ArrayList<>(counts.length);
        for (int c = 0; c < counts.length; c++) {
            classes.add(new ClassCount(dataset.classNames().get(c), counts[c]));
        }
        return new DatasetSummary(dataset.id(), dataset.name(), rows, dataset.labelColumn(), List.copyOf(features),
                List.copyOf(classes), dataset.sha256(), dataset.createdAt(), dataset.builtIn());
    }
}
