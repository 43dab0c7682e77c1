package dev.backprop.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the {@link ApiKeyFilter} when {@code backprop.security.api-key} is set. It runs right
 * after Boot's encoding and observation filters, so a rejected request is still counted in
 * {@code http.server.requests} but never reaches multipart parsing or a controller.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(SecurityProperties security) {
        ApiKeyPolicy policy = new ApiKeyPolicy(security.protectPredictions());
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(security.enabled() ? security.apiKey() : "", policy));
        registration.setName("apiKeyFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setEnabled(security.enabled());
        if (security.enabled()) {
            log.info("API key required (header {}) on mutating requests{}", ApiKeyPolicy.HEADER,
                    security.protectPredictions() ? " and on predictions" : "; predictions stay open");
        }
        else if (security.protectPredictions()) {
            log.warn("backprop.security.protect-predictions is true but backprop.security.api-key is not set: "
                    + "every endpoint stays open");
        }
        else {
            log.info("No API key configured (backprop.security.api-key): every endpoint is open");
        }
        return registration;
    }

    /** Runs before the API key check's body-free decisions matter, ahead of any body parsing. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(LimitsProperties limits,
            RequestBodiesProperties bodies) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits.uploadBytes().toBytes(), bodies.readTimeout()));
        registration.setName("requestBodyLimitFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
