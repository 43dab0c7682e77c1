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
    void readsBackEveryDoubleFromItsShortestTextAsPandasWritesIt() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int n = 0; n < 300_000; n++) {
            double d = switch (n % 4) {
                case 0 -> rng.nextGaussian();
                case 1 -> rng.nextDouble();
                case 2 -> (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-8, 9));
                default -> Double.longBitsToDouble(rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x3E00_0000_0000_0000L);
            };
            String text = Double.toString(d);
            if (text.indexOf('E') >= 0) {
                text = new java.math.BigDecimal(text).toPlainString();
            }
            assertThat(Double.doubleToRawLongBits(NumberText.parse(text))).as(text).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void eiselLemireAgreesWithJavaOrDeclines() {
        SplittableRandom rng = new SplittableRandom(23);
        int decided = 0;
        int trials = 300_000;
        for (int n = 0; n < trials; n++) {
            long w = rng.nextLong(1, 1_000_000_000_000_000_000L);
            int q = rng.nextInt(-25, 26);
            double fast = NumberText.eiselLemire(w, q, rng.nextBoolean());
            if (!Double.isNaN(fast)) {
                decided++;
                assertThat(Math.abs(fast)).as("%de%d", w, q).isEqualTo(Double.parseDouble(w + "e" + q));
            }
        }
        assertThat(decided).as("the fast algorithm decides almost every case").isGreaterThan(trials * 99 / 100);
        // half-way between two doubles: 2^53 + 1 is exactly between 2^53 and 2^53 + 2
        assertThat(NumberText.parse("9007199254740993.0")).isEqualTo(9007199254740992.0);
        assertThat(NumberText.parse("9007199254740995.0")).isEqualTo(9007199254740996.0);
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
