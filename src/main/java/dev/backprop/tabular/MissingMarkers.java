package dev.backprop.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cell texts that stand for a missing value. The empty cell (after trimming; quoted or not) is
 * always missing; the markers are compared case-insensitively, so {@code NA} also covers {@code na}
 * and {@code null} covers {@code NULL}. Immutable and thread-safe.
 */
public final class MissingMarkers {

    /** What R ({@code NA}), pandas ({@code NaN}, {@code N/A}), databases ({@code null}) and Weka ({@code ?}) write. */
    public static final List<String> DEFAULT_MARKERS = List.of("NA", "N/A", "NaN", "null", "?");

    public static final MissingMarkers DEFAULT = of(DEFAULT_MARKERS);

    private static final int MAX_MARKER_LENGTH = 50;

    private final List<String> markers;
    private final char[][] lower;
    private final char[][] upper;
    private final int longest;
    /** ASCII characters some marker starts with (either case): a cell starting otherwise is not missing. */
    private final boolean[] firstAscii = new boolean[128];
    private final boolean nonAsciiFirst;

    private MissingMarkers(List<String> markers) {
        this.markers = List.copyOf(markers);
        this.lower = new char[markers.size()][];
        this.upper = new char[markers.size()][];
        int max = 0;
        for (int i = 0; i < markers.size(); i++) {
            lower[i] = markers.get(i).toLowerCase(Locale.ROOT).toCharArray();
            upper[i] = markers.get(i).toUpperCase(Locale.ROOT).toCharArray();
            max = Math.max(max, lower[i].length);
        }
        this.longest = max;
        boolean nonAscii = false;
        for (int i = 0; i < lower.length; i++) {
            for (char c : new char[] {lower[i][0], upper[i][0]}) {
                if (c < 128) {
                    firstAscii[c] = true;
                } else {
                    nonAscii = true;
                }
            }
        }
        this.nonAsciiFirst = nonAscii;
    }

    /**
     * @param markers texts besides the empty cell that mean "missing"; blanks are ignored (the
     *                empty cell is missing anyway), spaces around a marker are dropped
     * @throws IllegalArgumentException for a marker that is a number (it would hide real values),
     *                                  holds a character {@link SafeText} refuses, or is over 50 characters
     */
    public static MissingMarkers of(List<String> markers) {
        List<String> kept = new ArrayList<>();
        for (String marker : markers) {
            String m = marker == null ? "" : marker.strip();
            if (m.isEmpty()) {
                continue;
            }
            if (!Double.isNaN(NumberText.parse(m))) {
                throw new IllegalArgumentException("missing marker '" + m + "' is a number; a marker must not hide real values");
            }
            if (m.length() > MAX_MARKER_LENGTH || SafeText.firstForbidden(m) >= 0) {
                throw new IllegalArgumentException("missing marker '" + m + "' must be at most " + MAX_MARKER_LENGTH
                        + " printable characters");
            }
            if (kept.stream().noneMatch(m::equalsIgnoreCase)) {
                kept.add(m);
            }
        }
        return new MissingMarkers(kept);
    }

    /** The configured markers, without the always-missing empty cell. */
    public List<String> markers() {
        return markers;
    }

    /** Whether {@code chars[offset, offset + length)} (already trimmed) is a missing value. */
    public boolean isMissing(char[] chars, int offset, int length) {
        if (length == 0) {
            return true;
        }
        char first = chars[offset];
        if (length > longest || (first < 128 ? !firstAscii[first] : !nonAsciiFirst)) {
            return false;           // the common case for numbers and words: a comparison or two
        }
        for (int m = 0; m < lower.length; m++) {
            if (matches(m, chars, offset, length)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} (trimmed by the caller, as the CSV reader does) is a missing value. */
    public boolean isMissing(String text) {
        return isMissing(text.toCharArray(), 0, text.length());
    }

    private boolean matches(int m, char[] chars, int offset, int length) {
        char[] lo = lower[m];
        char[] up = upper[m];
        if (lo.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c != lo[i] && c != up[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "MissingMarkers" + markers;
    }
}
