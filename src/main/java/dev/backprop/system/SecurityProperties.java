package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backprop.security.*}: with an {@code apiKey} set, mutating endpoints need header
 * {@code X-API-Key}; predictions too when {@code protectPredictions} is true.
 *
 * @param apiKey the shared key clients send in {@code X-API-Key}; unset or blank = every endpoint is open
 * @param protectPredictions also require the key on the prediction endpoints (only with {@code apiKey})
 */
@ConfigurationProperties("backprop.security")
@Validated
public record SecurityProperties(String apiKey, boolean protectPredictions) {

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
