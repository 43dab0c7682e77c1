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
import org.springframework.http.MediaType;

/** Without {@code backprop.security.api-key} (the default) nothing needs a key; a stray header is ignored. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backprop.bootstrap-model=false")
@AutoConfigureTestRestTemplate
@Import(TestEndpoints.class)
class ApiKeyDisabledTests {

    @Autowired
    TestRestTemplate http;

    @Test
    void mutatingRequestsNeedNoKey() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        String item = "{\"name\":\"setosa\",\"count\":50}";

        assertThat(http.exchange("/api/test-only/items", HttpMethod.POST, new HttpEntity<>(item, headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(http.exchange("/api/test-only/items/a", HttpMethod.DELETE, new HttpEntity<>(headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        headers.set("X-API-Key", "anything");
        assertThat(http.exchange("/api/test-only/items", HttpMethod.POST, new HttpEntity<>(item, headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }
}
