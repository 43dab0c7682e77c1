package dev.backprop.system;

import dev.backprop.tabular.SafeText;

import java.util.Optional;

/**
 * The one rule for names that people read back: dataset names, model names, aliases, and (for the
 * CSV parser) column headers and class labels.
 *
 * <p>Decision: such names are <em>refused</em>, not escaped. A name is shown in the dashboard, in
 * logs, in CSV and ONNX exports and in other services' screens; escaping would have to be right in
 * every one of them, while refusing keeps every stored name safe to print anywhere. Refused are:
 * control characters (NUL, CR, LF, TAB, DEL, the C1 range), the line and paragraph separators
 * U+2028/U+2029, unpaired surrogates, and the Unicode bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which can make a name display as another ("Trojan
 * Source", CVE-2021-42574) — the same rule as the CSV parser's ({@link SafeText}). Everything else,
 * letters of any script, the direction marks of right-to-left text and emoji included, is allowed.
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * Refuses a name that breaks the rule.
     *
     * @param field the field or parameter as the API names it, e.g. {@code name} or {@code modelName}
     * @return {@code value}, for use in expressions
     * @throws ApiException 400 {@link ProblemType#INVALID_REQUEST} whose {@code errors} names {@code field}
     */
    public static String checkName(String field, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw ApiException.invalid(ProblemType.INVALID_REQUEST,
                    java.util.List.of(FieldProblem.parameter(field, field + " " + problem.get())));
        }
        return value;
    }

    /**
     * What is wrong with {@code value} under the rule, e.g. "must not contain U+000A LINE FEED (LF)
     * (at character 5)", or empty when it is fine (null included); for callers such as the CSV
     * parser that report with their own row and column.
     */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (refused(cp)) {
                return Optional.of("must not contain control characters, line separators or bidirectional controls;"
                        + " found " + describe(cp) + " at character " + (value.codePointCount(0, i) + 1));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** The CSV rule ({@link SafeText}) plus unpaired surrogates, which only a broken name carries. */
    static boolean refused(int cp) {
        return Character.getType(cp) == Character.SURROGATE || cp <= Character.MAX_VALUE && SafeText.forbidden((char) cp);
    }

    private static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " " + name);
    }
}
