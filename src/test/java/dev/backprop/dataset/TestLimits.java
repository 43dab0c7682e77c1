package dev.backprop.dataset;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.backprop.system.LimitsProperties;

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
}
