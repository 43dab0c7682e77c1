package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.backprop.engine.CategoricalColumn;
import dev.backprop.engine.Column;
import dev.backprop.engine.NumericColumn;
import dev.backprop.tabular.MissingMarkers;
import dev.backprop.tabular.NumberText;

/**
 * The one-pass column builder (dictionary, then numbers once it holds many) against a plain
 * reference that sees the whole column as strings: same type, same values or levels, and an
 * error exactly when the reference finds one. Seeded, so a failure replays.
 */
class ColumnInferencePropertyTests {

    private static final int MAX_LEVELS = 40;
    private static final String[] WORDS = {"red", "green", "blue", "Inf", "-inf", "#DIV/0!", "1e400", "x1", "0x10"};
    private static final String[] MISSING = {"", "NA", "n/a", "?", "null", "NaN"};

    private final CsvDatasetParser parser = new CsvDatasetParser(100_000_000, 100_000, 10, MAX_LEVELS,
            MissingMarkers.DEFAULT);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theStreamingBuilderAgreesWithTheWholeColumnReference(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int trial = 0; trial < 12; trial++) {
            int rows = 1 + rng.nextInt(2500);
            List<String> cells = column(rng, rows);
            ColumnType forced = switch (rng.nextInt(4)) {
                case 0 -> ColumnType.NUMERIC;
                case 1 -> ColumnType.CATEGORICAL;
                default -> null;
            };
            check(cells, forced, "seed " + seed + " trial " + trial);
        }
    }

    private void check(List<String> cells, ColumnType forced, String what) {
        StringBuilder csv = new StringBuilder("v,label\n");
        for (int i = 0; i < cells.size(); i++) {
            csv.append('"').append(cells.get(i)).append("\",").append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Reference expected = Reference.of(cells, forced);
        Column actual;
        try {
            actual = parser.parse(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "label",
                    forced == null ? Map.of() : Map.of("v", forced)).features().get(0);
        } catch (InvalidDatasetException e) {
            assertThat(expected.error).as(what + ": unexpected " + e.getMessage()).isTrue();
            assertThat(e.getBody().getProperties()).containsKeys("row", "line", "column");
            return;
        }
        assertThat(expected.error).as(what + ": expected an error").isFalse();
        if (expected.categorical) {
            assertThat(actual).as(what).isInstanceOf(CategoricalColumn.class);
            assertThat(((CategoricalColumn) actual).levels()).as(what).containsExactlyElementsOf(expected.levels);
            assertThat(TestData.texts(actual)).as(what).containsExactly(expected.texts.toArray(new String[0]));
        } else {
            assertThat(actual).as(what).isInstanceOf(NumericColumn.class);
            assertThat(TestData.numbers(actual)).as(what).containsExactly(expected.numbers);
        }
    }

    /** A column mixing few and many distinct numbers, words, non-finite words and missing markers. */
    private static List<String> column(SplittableRandom rng, int rows) {
        double wordShare = rng.nextInt(3) == 0 ? 0 : rng.nextDouble() * 0.02;
        double missingShare = rng.nextDouble() * 0.1;
        boolean many = rng.nextBoolean();
        List<String> cells = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double p = rng.nextDouble();
            if (p < missingShare) {
                cells.add(MISSING[rng.nextInt(MISSING.length)]);
            } else if (p < missingShare + wordShare) {
                cells.add(WORDS[rng.nextInt(WORDS.length)]);
            } else if (many) {
                cells.add(String.valueOf(rng.nextInt(3000) * 0.5));
            } else {
                cells.add(String.valueOf(rng.nextInt(12)));
            }
        }
        return cells;
    }

    /** The rules stated over the whole column, as DESIGN §3 and docs/datasets.md state them. */
    private record Reference(boolean error, boolean categorical, List<String> levels, List<String> texts,
                             double[] numbers) {

        static Reference of(List<String> cells, ColumnType forced) {
            boolean text = false;
            boolean nonFinite = false;
            Set<String> levels = new LinkedHashSet<>();
            List<String> texts = new ArrayList<>();
            double[] numbers = new double[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i).strip();
                if (MissingMarkers.DEFAULT.isMissing(cell)) {
                    texts.add(null);
                    numbers[i] = Double.NaN;
                    continue;
                }
                levels.add(cell);
                texts.add(cell);
                double v = NumberText.parse(cell);
                numbers[i] = v;
                if (!Double.isFinite(v)) {
                    if (Double.isInfinite(v) || NumberText.isNonFinite(cell)) {
                        nonFinite = true;
                    } else {
                        text = true;
                    }
                }
            }
            if (forced == ColumnType.NUMERIC) {
                return new Reference(text || nonFinite, false, null, null, numbers);
            }
            boolean categorical = forced == ColumnType.CATEGORICAL || text;
            if (categorical) {
                return new Reference(levels.size() > MAX_LEVELS, true, List.copyOf(levels), texts, null);
            }
            return new Reference(nonFinite, false, null, null, numbers);
        }
    }
}
