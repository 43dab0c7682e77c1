package dev.backprop.tabular;

import tools.jackson.core.io.NumberInput;

/**
 * The one number grammar for tabular text: optional sign, digits with an optional {@code .}
 * fraction, optional exponent ({@code 5.1}, {@code -.5}, {@code 3.}, {@code +2}, {@code 1e-3}).
 * Unlike {@link Double#parseDouble} it refuses hexadecimal, {@code 1d}/{@code 1f} suffixes, NaN,
 * Infinity, surrounding spaces and a decimal comma, whatever the server's locale.
 *
 * <p>Parsing is exact (the nearest double, as {@link Double#parseDouble} gives) and fast: the
 * digits are gathered while the grammar is checked, and when the significand is below 2^53 and the
 * power of ten at most 22 in size the value is one correctly rounded multiplication or division of
 * two exact doubles (Clinger's fast path, the one FastDoubleParser and every C library take
 * first). Longer numbers go to FastDoubleParser (inside Jackson's {@code NumberInput}), also
 * correctly rounded, on text already known to be valid.
 */
public final class NumberText {

    /** 10^0 … 10^22: every one is exactly representable as a double. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long EXACT_SIGNIFICAND = 1L << 53;
    /** Beyond this many digits the significand is no longer gathered (it would overflow a long). */
    private static final long GATHER_LIMIT = 100_000_000_000_000_000L;
    /** Exponents this large over- or underflow whatever the significand; capping keeps the int in range. */
    private static final int EXPONENT_CAP = 100_000;

    /** Powers of ten Eisel–Lemire is used for: those of up to 18 fraction digits, and a margin. */
    private static final int TABLE_MIN = -25;
    private static final int TABLE_MAX = 25;
    /** 10^q as a 128-bit mantissa with its top bit set, rounded down: high and low 64 bits. */
    private static final long[] POWER_HIGH = new long[TABLE_MAX - TABLE_MIN + 1];
    private static final long[] POWER_LOW = new long[TABLE_MAX - TABLE_MIN + 1];

    static {
        java.math.BigInteger mask = java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
        for (int q = TABLE_MIN; q <= TABLE_MAX; q++) {
            java.math.BigInteger ten = java.math.BigInteger.TEN.pow(Math.abs(q));
            java.math.BigInteger mantissa = q >= 0
                    ? (ten.bitLength() > 128 ? ten.shiftRight(ten.bitLength() - 128) : ten.shiftLeft(128 - ten.bitLength()))
                    : java.math.BigInteger.ONE.shiftLeft(127 + ten.bitLength()).divide(ten);
            POWER_HIGH[q - TABLE_MIN] = mantissa.shiftRight(64).longValue();
            POWER_LOW[q - TABLE_MIN] = mantissa.and(mask).longValue();
        }
    }

    private NumberText() {
    }

    /**
     * Eisel and Lemire's algorithm ("Number Parsing at a Gigabyte per Second", 2021, as Go's
     * strconv and fast_float implement it): the correctly rounded double of {@code w · 10^q} from
     * one (rarely two) 64×128-bit products, or NaN when it cannot decide (half-way cases, the ends
     * of the range), where the caller falls back to an exact parser.
     */
    static double eiselLemire(long w, int q, boolean negative) {
        if (w == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (w < 0 || q < TABLE_MIN || q > TABLE_MAX) {
            return Double.NaN;
        }
        int clz = Long.numberOfLeadingZeros(w);
        long man = w << clz;
        long exp2 = ((217706L * q) >> 16) + 64 + 1023 - clz;    // 217706 / 2^16 ≈ log2(10)
        long high = POWER_HIGH[q - TABLE_MIN];
        long xHi = unsignedMultiplyHigh(man, high);
        long xLo = man * high;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            // the truncated power may have cost a carry: widen with its low half
            long low = POWER_LOW[q - TABLE_MIN];
            long yHi = unsignedMultiplyHigh(man, low);
            long yLo = man * low;
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long mantissa = xHi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return Double.NaN;                                    // exactly half-way: let the exact parser round
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >>> 53 > 0) {
            mantissa >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return Double.NaN;                                    // subnormal or beyond: not for this path
        }
        long bits = exp2 << 52 | mantissa & 0x000F_FFFF_FFFF_FFFFL;
        return Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrives in Java 18). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * The value of {@code chars[offset, offset + length)}: NaN when the text is not a number of
     * this grammar (so NaN never stands for a value), ±Infinity when it is one but lies beyond the
     * range of a double ({@code 1e400}). Callers treat the text as a number only when the result is
     * finite.
     */
    public static double parse(char[] chars, int offset, int length) {
        // the common cell, [-]digits[.digits] with at most 15 digits, in a loop small enough to inline
        int end = offset + length;
        int i = offset;
        boolean negative = false;
        if (i < end && chars[i] == '-') {
            negative = true;
            i++;
        }
        long significand = 0;
        int digits = 0;
        int point = -1;
        for (; i < end; i++) {
            int d = chars[i] - '0';
            if (d >= 0 && d <= 9) {
                significand = significand * 10 + d;
                digits++;
            } else if (d == '.' - '0' && point < 0) {
                point = digits;
            } else {
                return parseAny(chars, offset, length);
            }
        }
        if (digits == 0) {
            return parseAny(chars, offset, length);
        }
        if (digits > 15) {
            // full precision, as pandas and numpy write it: 16-18 digits still fit the long exactly
            if (digits <= 18) {
                double value = eiselLemire(significand, point < 0 ? 0 : point - digits, negative);
                if (!Double.isNaN(value)) {
                    return value;
                }
            }
            return NumberInput.parseDouble(chars, offset, length, true);   // valid as checked above
        }
        // < 10^15 < 2^53 and a power of ten of at most 15: Clinger's exact case (see parseAny)
        double value = point < 0 || point == digits ? significand : significand / POWERS_OF_TEN[digits - point];
        return negative ? -value : value;
    }

    /** Every form of the grammar: sign, digits, fraction, exponent, and numbers of any length. */
    private static double parseAny(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        if (i == end) {
            return Double.NaN;
        }
        boolean negative = false;
        char c = chars[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long significand = 0;
        int exponent = 0;
        boolean digits = false;
        boolean dropped = false;           // a non-zero digit did not fit in the significand
        while (i < end && (c = chars[i]) >= '0' && c <= '9') {
            digits = true;
            if (significand < GATHER_LIMIT) {
                significand = significand * 10 + (c - '0');
            } else {
                exponent++;
                dropped |= c != '0';
            }
            i++;
        }
        if (i < end && chars[i] == '.') {
            i++;
            while (i < end && (c = chars[i]) >= '0' && c <= '9') {
                digits = true;
                if (significand < GATHER_LIMIT) {
                    significand = significand * 10 + (c - '0');
                    exponent--;
                } else {
                    dropped |= c != '0';
                }
                i++;
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        if (i < end && ((c = chars[i]) == 'e' || c == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && ((c = chars[i]) == '+' || c == '-')) {
                negativeExponent = c == '-';
                i++;
            }
            int written = 0;
            boolean exponentDigits = false;
            while (i < end && (c = chars[i]) >= '0' && c <= '9') {
                exponentDigits = true;
                written = Math.min(EXPONENT_CAP, written * 10 + (c - '0'));
                i++;
            }
            if (!exponentDigits) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i != end) {
            return Double.NaN;
        }
        if (!dropped && significand < EXACT_SIGNIFICAND && exponent >= -22 && exponent <= 22) {
            // Clinger: both operands are exact doubles, so the one IEEE operation rounds correctly
            double value = exponent < 0 ? significand / POWERS_OF_TEN[-exponent] : significand * POWERS_OF_TEN[exponent];
            return negative ? -value : value;
        }
        if (significand == 0 && !dropped) {
            return negative ? -0.0 : 0.0;
        }
        // longer numbers (17 significant digits, as pandas and numpy write full precision): FastDoubleParser,
        // exact like Double.parseDouble and several times faster on Java 17, on text already known to be valid
        return NumberInput.parseDouble(chars, offset, length, true);
    }

    /** {@link #parse(char[], int, int)} of a whole string. */
    public static double parse(String text) {
        return parse(text.toCharArray(), 0, text.length());
    }

    /** Whether {@code text} is a number of this grammar, finite or not ({@code 1e400} is one). */
    public static boolean isDecimal(String text) {
        return !Double.isNaN(parse(text));
    }

    /**
     * NaN and infinity as R, pandas, Excel and Java write them ({@code Inf}, {@code -inf},
     * {@code Infinity}, {@code NaN}, {@code #NUM!}, {@code #DIV/0!}): never numbers here, and worth
     * a clearer message than "not a number" where a number is required.
     */
    public static boolean isNonFinite(char[] chars, int offset, int length) {
        int start = offset;
        int n = length;
        if (n > 0 && (chars[start] == '+' || chars[start] == '-')) {
            start++;
            n--;
        }
        return is(chars, start, n, "nan") || is(chars, start, n, "inf") || is(chars, start, n, "infinity")
                || exact(chars, offset, length, "#NUM!") || exact(chars, offset, length, "#DIV/0!");
    }

    /** {@link #isNonFinite(char[], int, int)} of a whole string. */
    public static boolean isNonFinite(String text) {
        return isNonFinite(text.toCharArray(), 0, text.length());
    }

    private static boolean is(char[] chars, int offset, int length, String lowerCase) {
        if (length != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (Character.toLowerCase(chars[offset + i]) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exact(char[] chars, int offset, int length, String text) {
        if (length != text.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
