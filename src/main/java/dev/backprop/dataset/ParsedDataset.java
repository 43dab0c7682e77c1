package dev.backprop.dataset;

import java.util.List;

import dev.backprop.engine.Column;

/**
 * What the parser read from one CSV: the feature columns in file order, the label, the rows kept
 * and those skipped for a missing label, and the SHA-256 and size of the bytes received.
 */
record ParsedDataset(List<Column> features, Label label, int rows, int skippedRows, String sha256, long bytes) {
}
