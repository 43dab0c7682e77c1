package dev.backprop.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTests {

    @Test
    void refusesControlsLineBreaksAndBidiOverrides() {
        for (char c : new char[] {'\0', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\u202a',
                '\u202e', '\u2066', '\u2069'}) {
            assertThat(SafeText.firstForbidden("ab" + c + "cd")).as("U+%04X", (int) c).isEqualTo(2);
        }
        assertThat(SafeText.describe('\n')).isEqualTo("a line break (U+000A)");
        assertThat(SafeText.describe('\u202e')).isEqualTo("the bidirectional control U+202E");
    }

    @Test
    void allowsOrdinaryTextInAnyScript() {
        for (String text : new String[] {"Sepal.Length", "größe (cm)", "東京", "שלום\u200f", "emoji 🙂", "a, \"b\""}) {
            assertThat(SafeText.firstForbidden(text)).as(text).isEqualTo(-1);
        }
    }
}
