package dev.backprop.tabular;

/**
 * Characters a name (column, class, level) or a text value may not hold, because they make a
 * value look like something else when it is shown: control characters (NUL, tab, CR, LF and the
 * C1 range), DEL, the Unicode line and paragraph separators, and the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069: the "Trojan Source" characters). Such
 * values are refused, not escaped: a name is shown in JSON, logs, CSV output and the dashboard,
 * and one rule at the door is simpler than an escape at every exit. Plain right-to-left text and
 * and the invisible direction marks U+061C, U+200E and U+200F (common in right-to-left text, and
 * unable to reorder what follows them) stay allowed. {@code dev.backprop.system.TextRules} applies
 * the same rule to names, adding unpaired surrogates (which a name could only carry by mistake).
 */
public final class SafeText {

    private SafeText() {
    }

    /** Index of the first refused character of {@code chars[offset, offset + length)}, or -1. */
    public static int firstForbidden(char[] chars, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (forbidden(chars[offset + i])) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first refused character of {@code text}, or -1. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (forbidden(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public static boolean forbidden(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    /** Names a refused character for an error message: "a line break (U+000A)", "the bidi control U+202E". */
    public static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
            return "a line break (" + code + ")";
        }
        if (c == '\t') {
            return "a tab (" + code + ")";
        }
        if (c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069') {
            return "the bidirectional control " + code;
        }
        return "the control character " + code;
    }
}
