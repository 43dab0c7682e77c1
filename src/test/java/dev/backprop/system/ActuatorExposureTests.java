package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Actuator exposes health (with liveness and readiness probes), info, metrics and prometheus, and
 * nothing else. Independent of the training executor: the built-in model is not trained here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backprop.bootstrap-model=false")
@AutoConfigureTestRestTemplate
class ActuatorExposureTests {

    @Autowired
    TestRestTemplate http;

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health", "/actuator/info", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used", "/actuator/prometheus" })
    void exposed(String path) {
        assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/threaddump",
            "/actuator/configprops", "/actuator/loggers", "/actuator/mappings", "/actuator/shutdown",
            "/actuator/conditions", "/actuator/scheduledtasks" })
    void notExposed(String path) {
        assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void livenessProbeIsUp() {
        ResponseEntity<String> response = http.getForEntity("/actuator/health/liveness", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"status\":\"UP\"");
    }

    /** Readiness may wait for the built-in model (503 OUT_OF_SERVICE meanwhile); either way it answers with a status. */
    @Test
    void readinessProbeAnswers() {
        ResponseEntity<String> response = http.getForEntity("/actuator/health/readiness", String.class);
        assertThat(response.getStatusCode()).isIn(HttpStatus.OK, HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getBody()).containsPattern("\"status\":\"(UP|OUT_OF_SERVICE)\"");
    }

    @Test
    void prometheusServesTextFormatWithJvmMetrics() {
        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/plain");
        assertThat(response.getBody()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
    }

    @Test
    void infoCarriesBuildAndJava() {
        assertThat(http.getForEntity("/actuator/info", String.class).getBody()).contains("\"java\"");
    }
}
