package dev.backprop.dataset;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.backprop.system.LimitsProperties;
import dev.backprop.tabular.TabularProperties;

/** LimitsProperties bound the way Spring binds them: defaults plus the given overrides. */
public final class TestLimits {

    private TestLimits() {
    }

    public static LimitsProperties with(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("backprop.limits." + keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("backprop.limits", LimitsProperties.class);
    }

    /** TabularProperties with its defaults (the markers NA, N/A, NaN, null, ?). */
    static TabularProperties tabular() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("backprop.datasets", TabularProperties.class);
    }
}
