package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DatasetSummaryTests {

    private static DatasetSummary summarise(String csv, String label) {
        ParsedDataset parsed = TestData.parse(TestData.parser(10_000_000, 100_000, 20), csv, label, null);
        return DatasetSummary.of(new Dataset("d-abcdef", "d", parsed.features(), parsed.label(), parsed.sha256(),
                Instant.EPOCH, false, parsed.rows(), parsed.skippedRows()));
    }

    @Test
    void numericFeaturesHaveStatisticsOverPresentCellsAndTheirMissingCount() {
        DatasetSummary s = summarise("a,b,label\n1,NA,x\n3,,y\n5,7,x\nNA,,y\n", "label");
        DatasetSummary.Feature a = s.features().get(0);
        assertThat(a.type()).isEqualTo("numeric");
        assertThat(a.missing()).isEqualTo(1);
        assertThat(a.min()).isEqualTo(1.0);
        assertThat(a.max()).isEqualTo(5.0);
        assertThat(a.mean()).isEqualTo(3.0);
        assertThat(a.std()).isEqualTo(2.0);              // sample std of 1, 3, 5
        assertThat(a.levels()).isNull();
        DatasetSummary.Feature b = s.features().get(1);
        assertThat(b.missing()).isEqualTo(3);
        assertThat(b.std()).isEqualTo(0.0);              // one value
        DatasetSummary none = summarise("a,b,label\nNA,1,x\n,2,y\n", "label");
        assertThat(none.features().get(0).min()).isNull();
        assertThat(none.features().get(0).mean()).isNull();
    }

    @Test
    void categoricalFeaturesListTheTopFiftyLevelsByCountAndHowManyMore() {
        StringBuilder csv = new StringBuilder("c,label\n");
        for (int level = 0; level < 60; level++) {
            for (int k = 0; k <= level % 7; k++) {
                csv.append("L").append(level).append(',').append(k % 2 == 0 ? "x" : "y").append('\n');
            }
        }
        csv.append("NA,x\n");
        DatasetSummary.Feature c = summarise(csv.toString(), "label").features().get(0);
        assertThat(c.type()).isEqualTo("categorical");
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.min()).isNull();
        assertThat(c.levels()).hasSize(DatasetSummary.TOP_LEVELS);
        assertThat(c.moreLevels()).isEqualTo(10);
        // counts 7 first, ties in order of first appearance: L6, L13, L20, …
        assertThat(c.levels().get(0)).isEqualTo(new DatasetSummary.LevelCount("L6", 7));
        assertThat(c.levels().get(1)).isEqualTo(new DatasetSummary.LevelCount("L13", 7));
        for (int i = 1; i < c.levels().size(); i++) {
            assertThat(c.levels().get(i).count()).isLessThanOrEqualTo(c.levels().get(i - 1).count());
        }
    }

    @Test
    void theLabelHasItsTypeDefaultTaskAndStatisticsWhenNumeric() {
        StringBuilder csv = new StringBuilder("a,price\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? String.valueOf(10 + i) : "NA").append('\n');
        }
        DatasetSummary s = summarise(csv.toString(), null);
        assertThat(s.rows()).isEqualTo(20);
        assertThat(s.skippedRows()).isEqualTo(20);
        assertThat(s.labelColumn()).isEqualTo("price");
        assertThat(s.label().type()).isEqualTo("numeric");
        assertThat(s.label().task()).isEqualTo("classification");   // 20 distinct values: not more than 20
        assertThat(s.label().distinctValues()).isEqualTo(20);
        assertThat(s.label().min()).isEqualTo(10.0);
        assertThat(s.label().max()).isEqualTo(48.0);
        assertThat(s.label().mean()).isCloseTo(29.0, within(1e-12));
        assertThat(s.classes()).hasSize(20).first().isEqualTo(new DatasetSummary.ClassCount("10", 1));

        DatasetSummary text = summarise("a,kind\n1,p\n2,q\n3,p\n", null);
        assertThat(text.label().type()).isEqualTo("categorical");
        assertThat(text.label().task()).isEqualTo("classification");
        assertThat(text.label().min()).isNull();
        assertThat(text.classes()).containsExactly(new DatasetSummary.ClassCount("p", 2),
                new DatasetSummary.ClassCount("q", 1));
    }
}
