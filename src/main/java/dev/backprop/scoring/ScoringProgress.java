package dev.backprop.scoring;

/**
 * How far a scoring has come: rows scored (and written to the result) of the dataset's rows.
 *
 * @param fraction {@code rowsScored / rows}, in [0, 1]
 */
record ScoringProgress(long rowsScored, long rows, double fraction) {

    static ScoringProgress of(long rowsScored, long rows) {
        return new ScoringProgress(rowsScored, rows, rows == 0 ? 1 : (double) rowsScored / rows);
    }
}
