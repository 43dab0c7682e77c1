package dev.backprop.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumberTextTests {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "5.1", "-.5", "3.", "+2", "1e-3", "1E2", "-0.0", "007", "1.50",
            "123456789012345678901234567890", "0.1", "0.30000000000000004", "4.9e-324", "2.2250738585072014E-308",
            "1.7976931348623157e308", "9007199254740993", "1e22", "1e23", "123.456e-7", "0.000000000000000000001",
            "1e-400", "00000000000000000000000000001.5"})
    void parsesPlainDecimalsExactlyAsJavaDoes(String text) {
        assertThat(Double.doubleToRawLongBits(NumberText.parse(text)))
                .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x1p3", "1d", "1f", "2D",
            "NaN", "Infinity", "-Infinity", "inf", "1,5", "1_000", "١٢", "--1", "+-1", "1e5.5", "0x10"})
    void refusesEverythingElse(String text) {
        assertThat(NumberText.parse(text)).as(text).isNaN();
        assertThat(NumberText.isDecimal(text)).isFalse();
    }

    @Test
    void saysInfinityForNumbersBeyondTheRangeOfADouble() {
        assertThat(NumberText.parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NumberText.parse("-1e99999999999")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NumberText.isDecimal("1e400")).isTrue();
    }

    @Test
    void agreesWithDoubleParseDoubleOnRandomDecimals() {
        SplittableRandom rng = new SplittableRandom(7);
        char[] buffer = new char[64];
        for (int n = 0; n < 300_000; n++) {
            StringBuilder s = new StringBuilder();
            if (rng.nextInt(4) == 0) {
                s.append(rng.nextBoolean() ? '-' : '+');
            }
            int intDigits = rng.nextInt(0, 20);
            for (int i = 0; i < intDigits; i++) {
                s.append((char) ('0' + rng.nextInt(10)));
            }
            int fracDigits = rng.nextInt(0, 20);
            if (fracDigits > 0 || intDigits == 0 || rng.nextBoolean()) {
                s.append('.');
                for (int i = 0; i < Math.max(fracDigits, intDigits == 0 ? 1 : 0); i++) {
                    s.append((char) ('0' + rng.nextInt(10)));
                }
            }
            if (rng.nextInt(3) == 0) {
                s.append(rng.nextBoolean() ? 'e' : 'E').append(rng.nextInt(-330, 330));
            }
            String text = s.toString();
            text.getChars(0, text.length(), buffer, 3);
            double expected = Double.parseDouble(text);
            assertThat(Double.doubleToRawLongBits(NumberText.parse(buffer, 3, text.length())))
                    .as(text).isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void recognisesNonFiniteWordsAsRAndExcelWriteThem() {
        for (String word : new String[] {"NaN", "nan", "-nan", "Inf", "-Inf", "+inf", "Infinity", "-INFINITY",
                "#NUM!", "#DIV/0!"}) {
            assertThat(NumberText.isNonFinite(word)).as(word).isTrue();
        }
        for (String word : new String[] {"", "in", "infinite", "1", "#num!", "NA"}) {
            assertThat(NumberText.isNonFinite(word)).as(word).isFalse();
        }
    }
}
