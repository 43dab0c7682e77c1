package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backprop.default-model}: what {@code /predict} serves, {@code name} (its newest version)
 * or {@code name@alias}; {@code backprop.bootstrap-model}: train the built-in {@code iris} model
 * at start-up and give it the alias {@code production} when that alias does not exist yet.
 */
@ConfigurationProperties("backprop")
public record ServingProperties(@DefaultValue("iris@production") String defaultModel,
                                @DefaultValue("true") boolean bootstrapModel) {
}
