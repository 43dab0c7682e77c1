package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** With {@code backprop.security.protect-predictions=true} the prediction endpoints need the key as well. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "backprop.security.api-key=s3cret-key",
        "backprop.security.protect-predictions=true",
        "backprop.bootstrap-model=false" })
@AutoConfigureTestRestTemplate
class ApiKeyProtectPredictionsTests {

    private static final String IRIS = """
            {"instances":[{"Sepal.Length":5.1,"Sepal.Width":3.5,"Petal.Length":1.4,"Petal.Width":0.2}]}""";

    @Autowired
    TestRestTemplate http;

    @ParameterizedTest
    @ValueSource(strings = { "/predict", "/api/v1/models/m1/predictions", "/v2/models/iris/infer",
            "/v2/models/iris/versions/1/infer" })
    void predictionsNeedTheKey(String path) {
        assertThat(post(path, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(post(path, "s3cret-key").getStatusCode()).isNotEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v2/health/live", "/actuator/health", "/api/v1/models" })
    void readsStayOpen(String path) {
        assertThat(http.getForEntity(path, String.class).getStatusCode()).isNotEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private ResponseEntity<String> post(String path, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.set("X-API-Key", key);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(IRIS, headers), String.class);
    }
}
