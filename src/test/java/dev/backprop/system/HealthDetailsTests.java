package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code /actuator/health} shows its details (disk sizes, the working directory, the training
 * executor) only to whoever sends the API key; everyone else, probes included, sees the status.
 * Before: {@code show-details: always}, to anyone. Same context as {@link ApiKeyFilterTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "backprop.security.api-key=s3cret-key",
        "backprop.bootstrap-model=false" })
@AutoConfigureTestRestTemplate
@Import(TestEndpoints.class)
class HealthDetailsTests {

    @Autowired
    TestRestTemplate http;

    private ResponseEntity<String> health(String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("X-API-Key", key);
        }
        return http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    @Test
    void withoutTheKeyOnlyTheStatus() {
        ResponseEntity<String> response = health(null);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"status\":\"UP\"").doesNotContain("diskSpace")
                .doesNotContain("\"details\"").doesNotContain("\"total\"").doesNotContain("\"path\"");
        assertThat(health("wrong-key").getBody()).doesNotContain("diskSpace").doesNotContain("\"details\"");
    }

    @Test
    void withTheKeyTheDetails() {
        ResponseEntity<String> response = health("s3cret-key");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"diskSpace\"").contains("\"details\"").contains("\"free\"")
                .contains("\"trainingExecutor\"");
    }

    @Test
    void probesStayOpen() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
