package dev.backprop.scoring;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import org.apache.commons.csv.CSVFormat;

import dev.backprop.dataset.Dataset;
import dev.backprop.dataset.Label;
import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.Columns;
import dev.backprop.engine.InputEncoder;
import dev.backprop.engine.NetworkModel;
import dev.backprop.engine.NumericColumn;
import dev.backprop.engine.Task;
import dev.backprop.system.ApiException;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.ProblemType;
import tools.jackson.core.io.NumberOutput;

/**
 * Scores every row of a dataset with a model and writes the result CSV as it goes, a chunk of
 * rows at a time: the chunk's cells are gathered from the dataset's compact columns into a raw
 * block (each categorical column's codes mapped to the model's level indexes by level name),
 * predicted in one batch, and printed. Memory is a chunk's buffers, never O(rows); metrics are
 * accumulated on the way ({@link ScoringMetrics}).
 *
 * <p>The CSV: the dataset's columns as the dataset holds them (features in file order, then its
 * label column), then the prediction — {@code label} and one {@code probability_<class>} per
 * class for a classifier, {@code value} for a regression — and {@code warnings} (missing inputs,
 * levels the model never saw, inputs far outside the training range; empty when none). An output name that an input
 * column already uses gets {@code predicted_} in front until it is unique. Numbers are written
 * exactly (the shortest text that reads back as the same double), integers without a fraction;
 * a missing cell is empty.
 *
 * <p>Built at submit to check that the dataset fits the model (a 400 names every column at fault),
 * and again by the worker that runs the job. Not thread-safe: one scoring at a time.
 */
final class BatchScorer {

    /** A chunk's buffers — dataset cells, raw rows, the network's work matrices — stay about this size. */
    static final long CHUNK_BYTES = 32L << 20;
    static final String PROBABILITY_PREFIX = "probability_";
    static final String CLASH_PREFIX = "predicted_";
    /** Between a row's warnings in its {@code warnings} cell (a warning itself may hold "; "). */
    static final String WARNING_SEPARATOR = " | ";
    /** RFC 4180 quoting (only where a cell needs it), lines ending in {@code \n}. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final NetworkModel net;
    private final Dataset dataset;
    private final boolean classifier;
    /** The dataset's columns in output order: features, then the label. */
    private final List<Source> sources;
    /** For each of the model's columns: the source it reads, and for a categorical one its level map. */
    private final int[] sourceOf;
    private final int[][] levelMaps;
    private final InputEncoder.Input[] inputs;
    private final Truth truth;
    private final List<String> columns;
    private final int chunkRows;

    /**
     * @param model the model as messages name it, e.g. {@code model 'iris' v1}
     * @param labelColumn the model's label column (null when unknown): the dataset's column of that
     *                    name, if it has one, is what the metrics compare against
     * @param chunkRows the most rows per chunk ({@code backprop.scoring.chunk-rows})
     * @throws ApiException 400 when the dataset lacks a column the model reads, or holds it with the other type
     */
    BatchScorer(String model, NetworkModel net, String labelColumn, Dataset dataset, int chunkRows) {
        this.net = net;
        this.dataset = dataset;
        this.classifier = net.task() == Task.CLASSIFICATION;
        this.sources = new ArrayList<>(dataset.featureCount() + 1);
        Map<String, Integer> byName = new HashMap<>();
        for (Column column : dataset.features()) {
            byName.put(column.name(), sources.size());
            sources.add(new Source(column));
        }
        Label label = dataset.label();
        byName.put(label.name(), sources.size());
        sources.add(new Source(label.classes() != null ? label.classes() : Columns.numeric(label.name(), label.values())));

        int cols = net.featureCount();
        this.sourceOf = new int[cols];
        this.levelMaps = new int[cols][];
        this.inputs = net.encoder().inputs().toArray(InputEncoder.Input[]::new);
        List<FieldProblem> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            InputEncoder.Input input = inputs[j];
            Integer s = byName.get(input.name());
            if (s == null) {
                missing.add(input.name());
                problems.add(FieldProblem.inBody("datasetId", "dataset '" + dataset.id() + "' has no column '"
                        + input.name() + "', which " + model + " reads (its columns: " + net.featureNames() + ")"));
                continue;
            }
            sourceOf[j] = s;
            Source source = sources.get(s);
            if (input instanceof InputEncoder.CategoricalInput categorical) {
                if (source.categorical == null) {
                    problems.add(FieldProblem.inBody("datasetId", "column '" + input.name() + "' of dataset '"
                            + dataset.id() + "' is numeric, but " + model + " reads it as categorical; upload the "
                            + "dataset with columnTypes=" + input.name() + ":categorical"));
                    continue;
                }
                levelMaps[j] = levelMap(source.categorical.levels(), categorical.levels());
            } else if (source.numeric == null) {
                problems.add(FieldProblem.inBody("datasetId", "column '" + input.name() + "' of dataset '"
                        + dataset.id() + "' is categorical, but " + model + " reads numbers there; upload the "
                        + "dataset with columnTypes=" + input.name() + ":numeric"));
            }
        }
        if (!problems.isEmpty()) {
            ApiException e = ApiException.invalid(ProblemType.INVALID_REQUEST, problems);
            throw missing.isEmpty() ? e : e.with("missingColumns", missing);
        }
        this.truth = Truth.of(labelColumn, net, dataset, byName, sources);
        this.columns = header(sources, net);
        this.chunkRows = rowsPerChunk(net, sources.size(), chunkRows);
    }

    /** The dataset's codes → the model's level indexes, by level name; {@link InputEncoder#UNSEEN} for a level it never saw. */
    private static int[] levelMap(List<String> datasetLevels, List<String> modelLevels) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < modelLevels.size(); i++) {
            index.put(modelLevels.get(i), i);
        }
        int[] map = new int[datasetLevels.size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = index.getOrDefault(datasetLevels.get(c), (int) InputEncoder.UNSEEN);
        }
        return map;
    }

    private static List<String> header(List<Source> sources, NetworkModel net) {
        List<String> header = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Source source : sources) {
            header.add(source.name);
            taken.add(source.name);
        }
        List<String> outputs = new ArrayList<>();
        if (net.task() == Task.CLASSIFICATION) {
            outputs.add("label");
            net.classNames().forEach(c -> outputs.add(PROBABILITY_PREFIX + c));
        } else {
            outputs.add("value");
        }
        outputs.add("warnings");
        for (String output : outputs) {
            String name = output;
            while (!taken.add(name)) {
                name = CLASH_PREFIX + name;
            }
            header.add(name);
        }
        return List.copyOf(header);
    }

    /**
     * Rows per chunk: the configured number, fewer when a row's share of the buffers (dataset cells,
     * raw row, the network's input and activations, which {@link NetworkModel#predictBatch} sizes to
     * the batch) would take the chunk past {@link #CHUNK_BYTES}.
     */
    static int rowsPerChunk(NetworkModel net, int datasetColumns, int configured) {
        int[] sizes = net.layerSizes();
        long doubles = 2L * net.featureCount() + datasetColumns + sizes[0] + 2L * net.outputCount() + 1;
        for (int l = 1; l < sizes.length; l++) {
            doubles += 2L * sizes[l];
        }
        long fit = CHUNK_BYTES / (8 * doubles);
        return (int) Math.max(1, Math.min(configured, fit));
    }

    /** The CSV's header. */
    List<String> columns() {
        return columns;
    }

    int chunkRows() {
        return chunkRows;
    }

    long rows() {
        return dataset.rows();
    }

    /** What a scoring counted. */
    record Summary(long rows, long rowsWithWarnings, Map<String, Long> predicted, ScoringMetrics.Report metrics) {
    }

    /**
     * Scores every row in order and writes the CSV (UTF-8) to {@code out}, which is flushed, not
     * closed. After each chunk {@code afterChunk} gets the rows done so far; it may throw to stop.
     */
    Summary score(OutputStream out, LongConsumer afterChunk) throws IOException {
        int cols = net.featureCount();
        int n = dataset.rows();
        int[] rows = new int[chunkRows];
        double[] raw = new double[chunkRows * cols];
        for (Source source : sources) {
            source.allocate(chunkRows);
        }
        List<String> classNames = net.classNames();
        int classes = classNames.size();
        long[] predicted = new long[classes];
        long rowsWithWarnings = 0;
        StringBuilder cell = new StringBuilder(64);
        StringBuilder warnings = new StringBuilder();
        Line line = new Line(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
        for (String column : columns) {
            line.cell(column);
        }
        line.end();
        for (int from = 0; from < n; from += chunkRows) {
            int m = Math.min(chunkRows, n - from);
            for (int i = 0; i < m; i++) {
                rows[i] = from + i;
            }
            for (Source source : sources) {
                source.gather(rows, m);
            }
            fillRaw(m, raw);
            double[] outputs = net.predictBatch(raw, m);
            double[] p = classifier ? net.probabilities(outputs, m) : outputs;
            for (int r = 0; r < m; r++) {
                for (Source source : sources) {
                    cell.setLength(0);
                    source.append(r, cell);
                    line.cell(cell);
                }
                if (classifier) {
                    int base = r * classes;
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        // the first class wins a tie, as /predictions decides
                        if (p[base + c] > p[base + best]) {
                            best = c;
                        }
                    }
                    predicted[best]++;
                    line.cell(classNames.get(best));
                    for (int c = 0; c < classes; c++) {
                        cell.setLength(0);
                        appendNumber(cell, p[base + c]);
                        line.cell(cell);
                    }
                    truth.addClass(from + r, best);
                } else {
                    cell.setLength(0);
                    appendNumber(cell, p[r]);
                    line.cell(cell);
                    truth.addValue(from + r, p[r]);
                }
                warnings.setLength(0);
                warn(raw, r, warnings);
                if (!warnings.isEmpty()) {
                    rowsWithWarnings++;
                }
                line.cell(warnings);
                line.end();
            }
            afterChunk.accept(from + m);
        }
        line.flush();
        Map<String, Long> counts = null;
        if (classifier) {
            counts = new LinkedHashMap<>();
            for (int c = 0; c < classes; c++) {
                counts.put(classNames.get(c), predicted[c]);
            }
        }
        return new Summary(n, rowsWithWarnings, counts, truth.report());
    }

    /** The chunk's raw rows, row-major in the model's column order, from the gathered sources. */
    private void fillRaw(int m, double[] raw) {
        int cols = sourceOf.length;
        for (int j = 0; j < cols; j++) {
            Source source = sources.get(sourceOf[j]);
            int[] map = levelMaps[j];
            if (map == null) {
                double[] values = source.values;
                for (int r = 0; r < m; r++) {
                    raw[r * cols + j] = values[r];
                }
            } else {
                int[] codes = source.codes;
                for (int r = 0; r < m; r++) {
                    int code = codes[r];
                    raw[r * cols + j] = code == CategoricalColumn.MISSING ? Double.NaN : map[code];
                }
            }
        }
    }

    /**
     * The row's warnings, joined by {@value #WARNING_SEPARATOR}: what {@code /predictions} warns about
     * for the same row, in its words and order (prediction's {@code InstanceRows}, which
     * {@code ScoringEndToEndTests} compares against) — a missing input and a level never seen in
     * training, column by column, then the numbers far outside their training range.
     */
    private void warn(double[] raw, int r, StringBuilder out) {
        int offset = r * inputs.length;
        for (int j = 0; j < inputs.length; j++) {
            double v = raw[offset + j];
            if (Double.isNaN(v)) {
                if (inputs[j] instanceof InputEncoder.NumericInput numeric) {
                    separate(out).append("feature '").append(numeric.name())
                            .append("' is missing; it was imputed with the training mean ").append(numeric.impute());
                } else if (((InputEncoder.CategoricalInput) inputs[j]).missingLevel()) {
                    separate(out).append("feature '").append(inputs[j].name())
                            .append("' is missing; the model learnt missing values of it in training");
                } else {
                    separate(out).append("feature '").append(inputs[j].name())
                            .append("' is missing and was never missing in training; its inputs are all zero");
                }
            } else if (v == InputEncoder.UNSEEN && inputs[j] instanceof InputEncoder.CategoricalInput) {
                Source source = sources.get(sourceOf[j]);
                String level = source.categorical.levels().get(source.codes[r]);
                separate(out).append("feature '").append(inputs[j].name()).append("' = '")
                        .append(level.length() <= 40 ? level : level.substring(0, 40) + "…")
                        .append("' was not seen in training; its inputs are all zero");
            }
        }
        for (int j = 0; j < inputs.length; j++) {
            double v = raw[offset + j];
            if (inputs[j] instanceof InputEncoder.NumericInput numeric && !Double.isNaN(v) && numeric.farOutsideTraining(v)) {
                separate(out).append("feature '").append(numeric.name()).append("' = ").append(v)
                        .append(" is far outside the training range [").append(numeric.min()).append(", ")
                        .append(numeric.max()).append("]; the prediction is an extrapolation");
            }
        }
    }

    private static StringBuilder separate(StringBuilder out) {
        return out.isEmpty() ? out : out.append(WARNING_SEPARATOR);
    }

    /**
     * Integers without a fraction ({@code 5}, not {@code 5.0}); anything else as its shortest text
     * that reads back as the same double (Schubfach, through Jackson: about twice as fast as Java
     * 17's {@code Double.toString}, which is also not always the shortest).
     */
    static void appendNumber(StringBuilder out, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            out.append(NumberOutput.toString(v, true));
        }
    }

    /**
     * One CSV record at a time: Commons CSV quotes each cell ({@link CSVFormat#print(Object, Appendable,
     * boolean)}) into a line buffer, and the line goes to the writer whole — cell by cell, a
     * {@code Writer} would turn every cell into a String of its own.
     */
    private static final class Line {
        private final Writer out;
        private final StringBuilder text = new StringBuilder(1024);
        private char[] chars = new char[1024];
        private boolean first = true;

        Line(Writer out) {
            this.out = out;
        }

        void cell(CharSequence value) throws IOException {
            FORMAT.print(value, text, first);
            first = false;
        }

        void end() throws IOException {
            FORMAT.println(text);
            int length = text.length();
            if (chars.length < length) {
                chars = new char[Math.max(length, 2 * chars.length)];
            }
            text.getChars(0, length, chars, 0);
            out.write(chars, 0, length);
            text.setLength(0);
            first = true;
        }

        void flush() throws IOException {
            out.flush();
        }
    }

    /** One column of the dataset, a chunk of it at a time. */
    private static final class Source {
        final String name;
        final NumericColumn numeric;
        final CategoricalColumn categorical;
        double[] values;
        int[] codes;

        Source(Column column) {
            this.name = column.name();
            this.numeric = column instanceof NumericColumn n ? n : null;
            this.categorical = column instanceof CategoricalColumn c ? c : null;
        }

        void allocate(int rows) {
            if (numeric != null) {
                values = new double[rows];
            } else {
                codes = new int[rows];
            }
        }

        void gather(int[] rows, int count) {
            if (numeric != null) {
                numeric.gather(rows, 0, count, values, 0);
            } else {
                categorical.gather(rows, 0, count, codes, 0);
            }
        }

        /** Row {@code r} of the chunk as the dataset holds it; nothing for a missing cell. */
        void append(int r, StringBuilder out) {
            if (numeric != null) {
                double v = values[r];
                if (!Double.isNaN(v)) {
                    appendNumber(out, v);
                }
            } else if (codes[r] != CategoricalColumn.MISSING) {
                out.append(categorical.levels().get(codes[r]));
            }
        }
    }

    /**
     * The dataset's copy of the model's label column, when it has one of the right type: classes
     * (by name, mapped to the model's) for a classifier, numbers for a regression. Rows where it is
     * missing are not compared.
     */
    private static final class Truth {
        static final Truth NONE = new Truth(null, null, null, null);

        private final CategoricalColumn classes;
        private final int[] classMap;
        private final NumericColumn values;
        private final ScoringMetrics metrics;

        private Truth(CategoricalColumn classes, int[] classMap, NumericColumn values, ScoringMetrics metrics) {
            this.classes = classes;
            this.classMap = classMap;
            this.values = values;
            this.metrics = metrics;
        }

        static Truth of(String labelColumn, NetworkModel net, Dataset dataset, Map<String, Integer> byName,
                        List<Source> sources) {
            if (labelColumn == null || !byName.containsKey(labelColumn)) {
                return NONE;
            }
            Label label = dataset.label();
            boolean isLabel = label.name().equals(labelColumn);
            Source source = sources.get(byName.get(labelColumn));
            if (net.task() == Task.CLASSIFICATION) {
                CategoricalColumn classes = isLabel ? label.classes() : source.categorical;
                if (classes == null) {
                    return NONE;
                }
                int[] map = levelMap(classes.levels(), net.classNames());
                return new Truth(classes, map, null, ScoringMetrics.classification(labelColumn, net.classNames()));
            }
            NumericColumn values = isLabel ? (label.numeric() ? Columns.numeric(label.name(), label.values()) : null) : source.numeric;
            return values == null ? NONE : new Truth(null, null, values, ScoringMetrics.regression(labelColumn));
        }

        void addClass(int row, int predicted) {
            if (classes != null) {
                int code = classes.code(row);
                if (code != CategoricalColumn.MISSING) {
                    ((ScoringMetrics.Classification) metrics).add(classMap[code], predicted);
                }
            }
        }

        void addValue(int row, double predicted) {
            if (values != null) {
                double v = values.value(row);
                if (!Double.isNaN(v)) {
                    ((ScoringMetrics.Regression) metrics).add(v, predicted);
                }
            }
        }

        ScoringMetrics.Report report() {
            return metrics == null ? null : metrics.report();
        }
    }
}
