package dev.backprop.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backprop.storage.directory}: unset keeps datasets and models in memory only; set, they are
 * written there atomically and loaded back at start-up.
 */
@ConfigurationProperties("backprop.storage")
public record StorageProperties(Path directory) {

    public boolean persistent() {
        return directory != null;
    }
}
