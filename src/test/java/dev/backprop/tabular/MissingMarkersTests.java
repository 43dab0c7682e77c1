package dev.backprop.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class MissingMarkersTests {

    @Test
    void theDefaultsAreTheEmptyCellAndNaNaNullQuestionMarkInAnyCase() {
        MissingMarkers m = MissingMarkers.DEFAULT;
        for (String text : new String[] {"", "NA", "na", "nA", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL", "?"}) {
            assertThat(m.isMissing(text)).as(text).isTrue();
        }
        for (String text : new String[] {"0", "none", "None", "N", "NA.", "-", "??", "nil", " "}) {
            assertThat(m.isMissing(text)).as(text).isFalse();
        }
    }

    @Test
    void readsFromABufferWithoutCopying() {
        char[] buffer = "xxNULLyy".toCharArray();
        assertThat(MissingMarkers.DEFAULT.isMissing(buffer, 2, 4)).isTrue();
        assertThat(MissingMarkers.DEFAULT.isMissing(buffer, 2, 3)).isFalse();
        assertThat(MissingMarkers.DEFAULT.isMissing(buffer, 5, 0)).isTrue();
    }

    @Test
    void isConfigurableAndRefusesMarkersThatWouldHideNumbers() {
        MissingMarkers m = MissingMarkers.of(Arrays.asList(" missing ", "", null, "MISSING", "-"));
        assertThat(m.markers()).containsExactly("missing", "-");
        assertThat(m.isMissing("Missing")).isTrue();
        assertThat(m.isMissing("NA")).isFalse();
        assertThatThrownBy(() -> MissingMarkers.of(List.of("-999"))).hasMessageContaining("'-999' is a number");
        assertThatThrownBy(() -> MissingMarkers.of(List.of("a\tb"))).hasMessageContaining("printable");
    }
}
