package dev.backprop.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

class TabularPropertiesTests {

    @Test
    void applicationYmlListsTheDefaultMarkers() throws Exception {
        List<PropertySource<?>> yml = new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yml"));
        TabularProperties properties = new Binder(ConfigurationPropertySources.from(yml.get(0)))
                .bindOrCreate("backprop.datasets", TabularProperties.class);
        assertThat(properties.missingMarkers()).containsExactlyElementsOf(MissingMarkers.DEFAULT_MARKERS);
    }

    @Test
    void anEnvironmentVariableGivesACommaSeparatedList() {
        TabularProperties properties = bind(Map.of("backprop.datasets.missing-markers", "-, missing ,?"));
        assertThat(properties.markers().markers()).containsExactly("-", "missing", "?");
        assertThat(bind(Map.of()).markers().markers()).containsExactlyElementsOf(MissingMarkers.DEFAULT_MARKERS);
    }

    @Test
    void aNumberAsMarkerFailsAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("backprop.datasets.missing-markers", "NA,-999")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("missing marker '-999' is a number");
    }

    private static TabularProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("backprop.datasets", TabularProperties.class);
    }
}
