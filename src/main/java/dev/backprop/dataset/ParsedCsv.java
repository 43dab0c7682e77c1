package dev.backprop.dataset;

import java.util.List;

/**
 * What the parser read from one CSV: features row-major ({@code rows × featureNames.size()}),
 * one label index per row into {@code classNames} (order of first appearance), and the SHA-256
 * and size of the bytes received.
 */
record ParsedCsv(List<String> featureNames, String labelColumn, List<String> classNames,
                 double[] features, int[] labels, String sha256, long bytes) {

    int rows() {
        return labels.length;
    }
}
