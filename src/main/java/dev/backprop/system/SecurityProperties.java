package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backprop.security.*}: with an {@code apiKey} set, mutating endpoints need header
 * {@code X-API-Key}; predictions too when {@code protectPredictions} is true.
 */
@ConfigurationProperties("backprop.security")
public record SecurityProperties(String apiKey, boolean protectPredictions) {

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
