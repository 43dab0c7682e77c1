package dev.backprop.scoring;

import static dev.backprop.scoring.ScoringFixtures.categorical;
import static dev.backprop.scoring.ScoringFixtures.categoricalInput;
import static dev.backprop.scoring.ScoringFixtures.classes;
import static dev.backprop.scoring.ScoringFixtures.dataset;
import static dev.backprop.scoring.ScoringFixtures.network;
import static dev.backprop.scoring.ScoringFixtures.numeric;
import static dev.backprop.scoring.ScoringFixtures.numericInput;
import static dev.backprop.scoring.ScoringFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import dev.backprop.dataset.Dataset;
import dev.backprop.engine.Activation;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.Task;
import dev.backprop.system.ApiException;
import dev.backprop.system.FieldProblem;

class BatchScorerTests {

    private static final int M = CategoricalColumn.MISSING;

    /** Model columns in another order than the dataset's, levels in another order, an extra column, a label. */
    private final NetworkModel classifier = network(7, List.of(categoricalInput("color", "red", "green"),
            numericInput("x", 0, 10)), Task.CLASSIFICATION, Activation.SOFTMAX, List.of("a", "b"));
    private final Dataset data = dataset("shapes", classes("kind", List.of("b", "a", "c"), 0, 1, 1, 0, 2),
            numeric("x", 1.5, Double.NaN, 4, 100, 7.25),
            categorical("color", List.of("green", "red", "purple"), 0, 1, 2, M, 1),
            categorical("note", List.of("n1"), 0, M, 0, 0, 0));

    private record Scored(BatchScorer.Summary summary, List<String> header, List<CSVRecord> rows, byte[] bytes) {
    }

    private static Scored score(NetworkModel net, String labelColumn, Dataset dataset, int chunkRows) throws IOException {
        BatchScorer scorer = new BatchScorer("model 'm' v1", net, labelColumn, dataset, chunkRows);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> progress = new ArrayList<>();
        BatchScorer.Summary summary = scorer.score(out, progress::add);
        assertThat(progress).last().isEqualTo((long) dataset.rows());
        assertThat(progress).isSorted();
        String text = out.toString(StandardCharsets.UTF_8);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.DEFAULT.builder().setHeader()
                .setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertThat(parser.getHeaderNames()).isEqualTo(scorer.columns());
            return new Scored(summary, parser.getHeaderNames(), rows, out.toByteArray());
        }
    }

    @Test
    void everyRowGetsTheDatasetsCellsThenTheModelsPrediction() throws IOException {
        Scored scored = score(classifier, "kind", data, 2);

        assertThat(scored.header()).containsExactly("x", "color", "note", "kind", "label", "probability_a",
                "probability_b", "warnings");
        assertThat(scored.rows()).hasSize(5);
        // the raw rows the model must have seen: color by the model's own level order, purple unseen, missing NaN
        double[][] raw = {{1, 1.5}, {0, Double.NaN}, {InputEncoder.UNSEEN, 4}, {Double.NaN, 100}, {0, 7.25}};
        String[][] cells = {{"1.5", "green", "n1", "b"}, {"", "red", "", "a"}, {"4", "purple", "n1", "a"},
                {"100", "", "n1", "b"}, {"7.25", "red", "n1", "c"}};
        for (int r = 0; r < raw.length; r++) {
            CSVRecord row = scored.rows().get(r);
            assertThat(List.of(row.get("x"), row.get("color"), row.get("note"), row.get("kind")))
                    .as("row %d", r).containsExactly(cells[r]);
            double[] p = classifier.probabilities(classifier.predict(raw[r]), 1);
            assertThat(Double.parseDouble(row.get("probability_a"))).isCloseTo(p[0], within(1e-12));
            assertThat(Double.parseDouble(row.get("probability_b"))).isCloseTo(p[1], within(1e-12));
            assertThat(row.get("label")).isEqualTo(p[1] > p[0] ? "b" : "a");
        }
        assertThat(scored.rows().get(0).get("warnings")).isEmpty();
        assertThat(scored.rows().get(1).get("warnings"))
                .isEqualTo("feature 'x' is missing; it was imputed with the training mean 5.0");
        assertThat(scored.rows().get(2).get("warnings"))
                .isEqualTo("feature 'color' = 'purple' was not seen in training; its inputs are all zero");
        assertThat(scored.rows().get(3).get("warnings")).isEqualTo("feature 'color' is missing; the model learnt "
                + "missing values of it in training | feature 'x' = 100.0 is far outside the training range [0.0, 10.0]; "
                + "the prediction is an extrapolation");
        assertThat(scored.summary().rowsWithWarnings()).isEqualTo(3);
        assertThat(scored.summary().predicted().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    }

    @Test
    void theChunkSizeChangesNothing() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        int n = 97;
        double[] x = new double[n];
        int[] colors = new int[n];
        int[] kinds = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(5) == 0 ? Double.NaN : random.nextDouble(-5, 15);
            colors[i] = random.nextInt(4) - 1;
            kinds[i] = random.nextInt(2);
        }
        Dataset big = dataset("big", classes("kind", List.of("a", "b"), kinds), numeric("x", x),
                categorical("color", List.of("red", "green", "blue"), colors));

        byte[] whole = score(classifier, "kind", big, 4096).bytes();
        assertThat(score(classifier, "kind", big, 1).bytes()).isEqualTo(whole);
        assertThat(score(classifier, "kind", big, 10).bytes()).isEqualTo(whole);
    }

    @Test
    void aClassifiersMetricsCompareTheLabelWithThePrediction() throws IOException {
        Scored scored = score(classifier, "kind", data, 3);

        ScoringMetrics.Report metrics = scored.summary().metrics();
        assertThat(metrics.labelColumn()).isEqualTo("kind");
        assertThat(metrics.rows()).isEqualTo(5);
        assertThat(metrics.classNames()).containsExactly("a", "b");
        long[][] confusion = new long[2][2];
        long correct = 0;
        for (CSVRecord row : scored.rows()) {
            int predicted = row.get("label").equals("a") ? 0 : 1;
            if (!row.get("kind").equals("c")) {
                int actual = row.get("kind").equals("a") ? 0 : 1;
                confusion[actual][predicted]++;
                correct += actual == predicted ? 1 : 0;
            }
        }
        assertThat(metrics.confusionMatrix()).isDeepEqualTo(confusion);
        // class c is unknown to the model: a miss in accuracy, not in the matrix
        assertThat(metrics.rowsWithUnknownClass()).isEqualTo(1);
        assertThat(metrics.accuracy()).isEqualTo(correct / 5.0);
        assertThat(metrics.rmse()).isNull();
    }

    @Test
    void aRegressionWritesValueAndItsErrors() throws IOException {
        NetworkModel regression = network(11, List.of(numericInput("x", 0, 10), numericInput("y", -1, 1)),
                Task.REGRESSION, Activation.LINEAR, List.of());
        double[] target = {3, 9.5, 12, -4, 0.25, 7};
        Dataset rows = dataset("r", values("t", target), numeric("x", 1, 2, 3, 4, 5, 6),
                numeric("y", 0.5, -0.5, 0, Double.NaN, 1, -1));

        Scored scored = score(regression, "t", rows, 4);

        assertThat(scored.header()).containsExactly("x", "y", "t", "value", "warnings");
        double se = 0;
        double ae = 0;
        double mean = 0;
        for (double t : target) {
            mean += t / target.length;
        }
        double ss = 0;
        for (int r = 0; r < target.length; r++) {
            double value = Double.parseDouble(scored.rows().get(r).get("value"));
            double[] raw = {Double.parseDouble(scored.rows().get(r).get("x")),
                    scored.rows().get(r).get("y").isEmpty() ? Double.NaN : Double.parseDouble(scored.rows().get(r).get("y"))};
            assertThat(value).isCloseTo(regression.predict(raw)[0], within(1e-12));
            se += (value - target[r]) * (value - target[r]);
            ae += Math.abs(value - target[r]);
            ss += (target[r] - mean) * (target[r] - mean);
        }
        ScoringMetrics.Report metrics = scored.summary().metrics();
        assertThat(metrics.rmse()).isCloseTo(Math.sqrt(se / target.length), within(1e-9));
        assertThat(metrics.mae()).isCloseTo(ae / target.length, within(1e-9));
        assertThat(metrics.r2()).isCloseTo(1 - se / ss, within(1e-9));
        assertThat(metrics.accuracy()).isNull();
        assertThat(scored.summary().predicted()).isNull();
    }

    @Test
    void noMetricsWithoutTheModelsLabelColumn() throws IOException {
        assertThat(score(classifier, "species", data, 8).summary().metrics()).isNull();
        assertThat(score(classifier, null, data, 8).summary().metrics()).isNull();
    }

    @Test
    void theModelsLabelAsAnOrdinaryColumnServesTooAndOutputNamesNeverClash() throws IOException {
        // the dataset's label column is called "label"; the model's label is its feature "kind"
        Dataset clash = dataset("clash", values("label", 1, 2, 3),
                categorical("kind", List.of("a", "b"), 0, 1, 1), numeric("x", 1, 2, 3),
                categorical("color", List.of("red"), 0, 0, 0), numeric("warnings", 0, 0, 0));

        Scored scored = score(classifier, "kind", clash, 8);

        assertThat(scored.header()).containsExactly("kind", "x", "color", "warnings", "label", "predicted_label",
                "probability_a", "probability_b", "predicted_warnings");
        assertThat(scored.summary().metrics().rows()).isEqualTo(3);
        assertThat(scored.rows().get(2).get("label")).isEqualTo("3");
    }

    @Test
    void aColumnTheModelReadsMustBeThereWithItsType() {
        Dataset lacking = dataset("lacking", classes("kind", List.of("a"), 0, 0), numeric("color", 1, 2),
                numeric("y", 3, 4));

        assertThatThrownBy(() -> new BatchScorer("model 'm' v1", classifier, "kind", lacking, 10))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.fieldProblems()).extracting(FieldProblem::field).containsOnly("datasetId");
                    assertThat(e.getMessage())
                            .contains("column 'color' of dataset 'lacking' is numeric, but model 'm' v1 reads it as "
                                    + "categorical; upload the dataset with columnTypes=color:categorical")
                            .contains("dataset 'lacking' has no column 'x', which model 'm' v1 reads");
                    assertThat(e.getBody().getProperties()).containsEntry("missingColumns", List.of("x"));
                });
    }

    @Test
    void numbersAreWrittenExactlyAndIntegersWithoutAFraction() {
        for (double v : new double[] {5, -3, 0, -0.0, 5.1, 1e-7, 1e20, 123456789.125, Math.PI, 0.1 + 0.2}) {
            StringBuilder text = new StringBuilder();
            BatchScorer.appendNumber(text, v);
            assertThat(Double.parseDouble(text.toString())).isEqualTo(v == 0 ? 0 : v);
        }
        StringBuilder five = new StringBuilder();
        BatchScorer.appendNumber(five, 5);
        assertThat(five).hasToString("5");
    }

    @Test
    void wideInputsGetSmallerChunks() {
        List<InputEncoder.Input> wide = new ArrayList<>();
        for (int j = 0; j < 1000; j++) {
            wide.add(numericInput("x" + j, 0, 1));
        }
        NetworkModel net = network(1, wide, Task.CLASSIFICATION, Activation.SOFTMAX, List.of("a", "b"));
        int rows = BatchScorer.rowsPerChunk(net, 1000, 4096);
        assertThat(rows).isLessThan(4096).isGreaterThan(0);
        // the buffers a chunk needs stay within the budget
        assertThat(8L * rows * (2 * 1000 + 1000 + 2000 + 10 + 4)).isLessThanOrEqualTo(BatchScorer.CHUNK_BYTES);
        assertThat(BatchScorer.rowsPerChunk(classifier, 4, 4096)).isEqualTo(4096);
    }
}
