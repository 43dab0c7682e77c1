package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every kind of failure answers {@code application/problem+json} and reveals nothing of the
 * implementation: no stack trace, no exception class, no Java type, no internal message.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backprop.bootstrap-model=false")
@AutoConfigureTestRestTemplate
@Import(TestEndpoints.class)
class ErrorResponsesLeakNothingTests {

    @Autowired
    TestRestTemplate http;

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("unknown path", HttpMethod.GET, "/no/such/path", MediaType.APPLICATION_JSON, null, 404),
                Arguments.of("unknown api path", HttpMethod.GET, "/api/v1/nothing-here", MediaType.APPLICATION_JSON, null, 404),
                Arguments.of("method not allowed", HttpMethod.DELETE, "/api/test-only/items", MediaType.APPLICATION_JSON, null, 405),
                Arguments.of("malformed JSON", HttpMethod.POST, "/api/test-only/items", MediaType.APPLICATION_JSON,
                        "{\"name\": \"setosa\", \"count\": ", 400),
                Arguments.of("wrong JSON type", HttpMethod.POST, "/api/test-only/items", MediaType.APPLICATION_JSON,
                        "{\"name\": \"setosa\", \"count\": \"many\"}", 400),
                Arguments.of("JSON array for object", HttpMethod.POST, "/api/test-only/items", MediaType.APPLICATION_JSON,
                        "[1, 2]", 400),
                Arguments.of("missing body", HttpMethod.POST, "/api/test-only/items", MediaType.APPLICATION_JSON, null, 400),
                Arguments.of("unsupported media type", HttpMethod.POST, "/api/test-only/items", MediaType.TEXT_PLAIN,
                        "setosa", 415),
                Arguments.of("path variable type mismatch", HttpMethod.GET, "/api/test-only/items/count/abc",
                        MediaType.APPLICATION_JSON, null, 400),
                Arguments.of("unexpected failure", HttpMethod.GET, "/api/test-only/items/boom", MediaType.APPLICATION_JSON,
                        null, 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void problemWithoutInternals(String name, HttpMethod method, String path, MediaType contentType, String body,
            int status) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(contentType);
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as("content type %s", response.getHeaders().getContentType()).isTrue();
        assertThat(response.getBody())
                .contains("\"status\":" + status)
                .contains("\"detail\":")
                .doesNotContain("Exception")
                .doesNotContain("at dev.")
                .doesNotContain("java.")
                .doesNotContain("tools.jackson")
                .doesNotContain("springframework")
                .doesNotContain("\"trace\"")
                .doesNotContainIgnoringCase("secret");
    }
}
