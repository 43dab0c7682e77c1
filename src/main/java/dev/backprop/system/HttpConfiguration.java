package dev.backprop.system;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP plumbing around the controllers: response headers, how request bodies are read, and
 * problem+json for the errors Tomcat answers itself. Timeouts and connection limits are plain
 * {@code server.tomcat.*} settings in application.yml, documented there.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    /** First of the service's filters, so that even a 401 or 413 carries the headers. */
    @Bean
    FilterRegistrationBean<ResponseHeaders> responseHeaders() {
        FilterRegistrationBean<ResponseHeaders> registration = new FilterRegistrationBean<>(new ResponseHeaders());
        registration.setName("responseHeaders");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Right after the headers, so that a 304 carries them and its ETag is the body's the client saw. */
    @Bean
    FilterRegistrationBean<ConditionalGets> conditionalGets() {
        FilterRegistrationBean<ConditionalGets> registration = new FilterRegistrationBean<>(new ConditionalGets());
        registration.setName("conditionalGets");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
        return registration;
    }

    @Bean
    RequestBodyGate requestBodyGate(RequestBodiesProperties settings) {
        return new RequestBodyGate(settings);
    }

    /**
     * After the API key check and the body limit (orders +10, +20): a refused request never waits
     * for its body. Every filter in front of it supports async processing, as Boot registers them.
     */
    @Bean
    FilterRegistrationBean<RequestBodyGate> requestBodyGateRegistration(RequestBodyGate gate) {
        FilterRegistrationBean<RequestBodyGate> registration = new FilterRegistrationBean<>(gate);
        registration.setName("requestBodyGate");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        registration.setAsyncSupported(true);
        return registration;
    }

    /**
     * Replaces the host's error report valve (Boot adds Tomcat's HTML one) with
     * {@link ProblemReportValve}, and adds {@link BodyDiscardValve} for {@link RequestBodyGate}.
     * Runs last, after Boot's own customizer has added its valve.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> tomcatValves() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(ConfigurableTomcatWebServerFactory factory) {
                factory.addContextCustomizers(context -> context.getPipeline().addValve(new BodyDiscardValve()));
                factory.addContextCustomizers(context -> {
                    Host host = (Host) context.getParent();
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemReportValve());
                    if (host instanceof StandardHost standard) {
                        // so that the host does not add Tomcat's default valve again when it starts
                        standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                    }
                });
            }
        };
    }
}
