package dev.backprop.model;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.engine.EvaluationMetrics;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How model types look in JSON, the same in API answers and in model documents: metrics show the
 * figures of their kind only (a classifier's accuracy and confusion matrix, a regression's RMSE, MAE
 * and R²), since the engine's metrics record holds both kinds and knows nothing of JSON.
 */
@Configuration(proxyBeanMethods = false)
class ModelJson {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class MetricsOfOneKind {
    }

    /**
     * Also writes and reads doubles, in API answers and model documents alike, with Jackson's own
     * algorithms (Schubfach, FastDoubleParser: the shortest digits that read back as the same double,
     * and correctly rounded parsing) instead of JDK 17's slower Double.toString and parseDouble: a model
     * document holds every weight as text (46 000 of them for a 50-256-128-5 network).
     */
    static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addMixIn(EvaluationMetrics.class, MetricsOfOneKind.class)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
    }

    @Bean
    JsonMapperBuilderCustomizer metricsOfOneKind() {
        return ModelJson::configure;
    }
}
