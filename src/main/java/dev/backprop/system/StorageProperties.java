package dev.backprop.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where datasets and models are kept.
 *
 * @param directory unset keeps datasets and models in memory only; set, they are written there
 *                  atomically and loaded back at start-up
 */
@ConfigurationProperties("backprop.storage")
@Validated
public record StorageProperties(Path directory) {

    public boolean persistent() {
        return directory != null;
    }
}
