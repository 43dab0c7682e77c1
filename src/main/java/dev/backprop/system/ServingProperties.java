package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backprop.default-model}: the model name whose newest version {@code /predict} serves;
 * {@code backprop.bootstrap-model}: train the built-in {@code iris} model at start-up.
 */
@ConfigurationProperties("backprop")
public record ServingProperties(@DefaultValue("iris") String defaultModel,
                                @DefaultValue("true") boolean bootstrapModel) {
}
