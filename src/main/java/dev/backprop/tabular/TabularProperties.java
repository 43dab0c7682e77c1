package dev.backprop.tabular;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backprop.datasets.*}: how tabular text is read, for uploads and prediction input alike.
 *
 * @param missingMarkers cell texts that mean "missing" besides the empty cell, compared
 *                       case-insensitively (default {@code NA, N/A, NaN, null, ?})
 */
@ConfigurationProperties("backprop.datasets")
public record TabularProperties(@DefaultValue({"NA", "N/A", "NaN", "null", "?"}) List<String> missingMarkers) {

    public TabularProperties {
        missingMarkers = List.copyOf(missingMarkers);
        MissingMarkers.of(missingMarkers);  // fails start-up with the reason, not the first upload
    }

    public MissingMarkers markers() {
        return MissingMarkers.of(missingMarkers);
    }
}
