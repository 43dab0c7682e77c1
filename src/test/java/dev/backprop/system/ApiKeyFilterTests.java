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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** With {@code backprop.security.api-key} set, through the real HTTP stack. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "backprop.security.api-key=s3cret-key",
        "backprop.bootstrap-model=false" })
@AutoConfigureTestRestTemplate
@Import(TestEndpoints.class)
class ApiKeyFilterTests {

    private static final String ITEM = "{\"name\":\"setosa\",\"count\":50}";

    @Autowired
    TestRestTemplate http;

    @Test
    void readsNeedNoKey() {
        assertThat(http.getForEntity("/api/test-only/items", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void postWithoutKeyIs401ProblemWithHint() {
        ResponseEntity<String> response = exchange(HttpMethod.POST, "/api/test-only/items", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("ApiKey realm=\"backprop\", header=\"X-API-Key\"");
        assertThat(response.getBody())
                .contains("\"status\":401")
                .contains("\"title\":\"Unauthorized\"")
                .contains("send it in the X-API-Key header")
                .contains("\"instance\":\"/api/test-only/items\"");
    }

    @Test
    void wrongKeyIs401() {
        ResponseEntity<String> response = exchange(HttpMethod.POST, "/api/test-only/items", "s3cret-keY");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody()).contains("does not match the configured API key").doesNotContain("s3cret");
    }

    @Test
    void keyIsComparedWholly() {
        assertThat(exchange(HttpMethod.POST, "/api/test-only/items", "s3cret").getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange(HttpMethod.POST, "/api/test-only/items", "s3cret-key2").getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange(HttpMethod.POST, "/api/test-only/items", "").getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void rightKeyPassesEveryMutatingMethod() {
        assertThat(exchange(HttpMethod.POST, "/api/test-only/items", "s3cret-key").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(exchange(HttpMethod.PUT, "/api/test-only/items/a", "s3cret-key").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.PATCH, "/api/test-only/items/a", "s3cret-key").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.DELETE, "/api/test-only/items/a", "s3cret-key").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void everyMutatingMethodWithoutKeyIs401() {
        for (HttpMethod method : new HttpMethod[] { HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE }) {
            assertThat(exchange(method, "/api/test-only/items/a", null).getStatusCode())
                    .as(method.name()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    @Test
    void headerNameIsCaseInsensitive() {
        HttpHeaders headers = jsonHeaders();
        headers.set("x-api-key", "s3cret-key");
        ResponseEntity<String> response = http.exchange("/api/test-only/items", HttpMethod.POST,
                new HttpEntity<>(ITEM, headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    /** The real prediction controllers live on other branches: here they answer 404, after the merge 2xx/4xx; never 401. */
    @ParameterizedTest
    @ValueSource(strings = { "/predict", "/api/v1/models/m1/predictions", "/v2/models/iris/infer",
            "/v2/models/iris/versions/1/infer" })
    void predictionsStayOpen(String path) {
        assertThat(exchange(HttpMethod.POST, path, null).getStatusCode()).isNotEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void unknownMutatingPathsNeedTheKeyToo() {
        assertThat(exchange(HttpMethod.POST, "/api/v1/nothing-here", null).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /** Path tricks that the container normalises must not turn a guarded request into an open one. */
    @ParameterizedTest
    @ValueSource(strings = { "/predict/../api/test-only/items", "/predict/%2e%2e/api/test-only/items",
            "/api//test-only/items", "/api/test-only/items;predict", "/api/test-only/items/" })
    void pathTricksDoNotBypassTheKey(String path) {
        assertThat(exchange(HttpMethod.POST, path, null).getStatusCode()).isIn(HttpStatus.UNAUTHORIZED, HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path, String key) {
        HttpHeaders headers = jsonHeaders();
        if (key != null) {
            headers.set("X-API-Key", key);
        }
        return http.exchange(path, method, new HttpEntity<>(ITEM, headers), String.class);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
