/**
 * The one tabular text dialect of the service, shared by dataset uploads and (CSV or JSON)
 * prediction input, so that a value means the same thing wherever it arrives. Plain Java: no
 * Spring beyond the {@link dev.backprop.tabular.TabularProperties} record, and no feature module.
 *
 * <ul>
 *   <li>{@link dev.backprop.tabular.CsvCursor} — the CSV dialect: UTF-8 (a BOM is dropped), LF, CRLF
 *       or CR line ends, fields quoted with {@code "} (embedded commas, doubled quotes, line breaks),
 *       spaces and tabs around values and inside quotes trimmed, blank lines skipped, control
 *       characters (binary files) refused.</li>
 *   <li>{@link dev.backprop.tabular.NumberText} — the number grammar: plain decimal with a {@code .}
 *       separator and an optional exponent; no hexadecimal, no {@code 1d}/{@code 1f} suffixes, no NaN
 *       or Infinity, whatever the locale.</li>
 *   <li>{@link dev.backprop.tabular.MissingMarkers} — which cells are missing values: the empty cell
 *       and, case-insensitively, {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code ?} unless
 *       configured otherwise ({@code backprop.datasets.missing-markers}).</li>
 *   <li>{@link dev.backprop.tabular.SafeText} — which characters a name or text value may not hold.</li>
 * </ul>
 */
package dev.backprop.tabular;
