package dev.backprop.model;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.backprop.engine.EvaluationMetrics;
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

    static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addMixIn(EvaluationMetrics.class, MetricsOfOneKind.class);
    }

    @Bean
    JsonMapperBuilderCustomizer metricsOfOneKind() {
        return ModelJson::configure;
    }
}
