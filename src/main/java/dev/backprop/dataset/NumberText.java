package dev.backprop.dataset;

/** Locale-independent recognition of numbers as they are written in CSV files. */
final class NumberText {

    private NumberText() {
    }

    /**
     * Plain decimal notation: optional sign, digits with an optional {@code .} fraction, optional
     * exponent ({@code 5.1}, {@code -.5}, {@code 3.}, {@code 1e-3}). Unlike {@link Double#parseDouble}
     * it refuses hexadecimal, {@code 1d}/{@code 1f} suffixes, NaN, Infinity and a decimal comma.
     */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** NaN and infinity as R, pandas, Excel and Java write them. */
    static boolean isNonFinite(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")
                || t.equals("#NUM!") || t.equals("#DIV/0!");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
