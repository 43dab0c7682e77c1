package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests that Tomcat refuses before any controller runs, sent over a real socket: each answers
 * {@code application/problem+json} with a problem type, says which rule was broken, shows no
 * stack trace or server internals, and leaves no ERROR line in the log (they are client faults).
 * Before: Tomcat's HTML error page or Boot's {"timestamp", …} body.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ConnectorErrorsTests {

    private static final String JSON = "Content-Type: application/json";
    private static final byte[] PREDICTION = "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}".getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    static Stream<Arguments> refusedByTheConnector() {
        byte[] longHeader = ("X-Padding: " + "a".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                Arguments.of("encoded slash", RawHttp.request("GET", "/api/v1/datasets/a%2Fb"), 400),
                Arguments.of("encoded backslash", RawHttp.request("GET", "/api/v1/datasets/a%5Cb"), 400),
                Arguments.of("encoded NUL", RawHttp.request("GET", "/api/v1/datasets/a%00b"), 400),
                Arguments.of("invalid UTF-8", RawHttp.request("GET", "/api/v1/datasets/%C3%28"), 400),
                Arguments.of("control byte in the request line", RawHttp.request("GET", "/api/v1/\u0001"), 400),
                Arguments.of("oversize header", RawHttp.request("GET", "/api/v1/datasets",
                        new String(longHeader, StandardCharsets.ISO_8859_1)), 400),
                Arguments.of("oversize URL", RawHttp.request("GET", "/api/v1/datasets?q=" + "a".repeat(20_000)), 400),
                Arguments.of("bad Host", "GET /api/v1/datasets HTTP/1.1\r\nHost: exa mple..com:99999\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1), 400),
                Arguments.of("duplicate Content-Length", RawHttp.concat(RawHttp.request("POST", "/predict", JSON,
                        "Content-Length: " + PREDICTION.length, "Content-Length: 3"), PREDICTION), 400),
                Arguments.of("negative Content-Length", RawHttp.concat(RawHttp.request("POST", "/predict", JSON,
                        "Content-Length: -5"), PREDICTION), 400),
                Arguments.of("bad chunk header", RawHttp.concat(RawHttp.request("POST", "/predict", JSON,
                        "Transfer-Encoding: chunked"), "zz\r\n".getBytes(StandardCharsets.US_ASCII), PREDICTION,
                        "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400),
                Arguments.of("TRACE", RawHttp.request("TRACE", "/api/v1/datasets"), 405),
                Arguments.of("Transfer-Encoding: gzip", RawHttp.concat(RawHttp.request("POST", "/predict", JSON,
                        "Transfer-Encoding: gzip"), PREDICTION), 501));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheConnector")
    void answersAProblemWithoutInternals(String name, byte[] request, int status, CapturedOutput log) throws Exception {
        RawHttp.Answer answer = new RawHttp(port).exchange(request);

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.body())
                .startsWith("{")
                .contains("\"type\":\"" + ProblemType.BASE)
                .contains("\"status\":" + status)
                .contains("\"detail\":")
                .doesNotContain("Exception")
                .doesNotContain("at org.")
                .doesNotContain("Tomcat")
                .doesNotContain("<html");
        assertThat(log.getAll()).doesNotContain(" ERROR ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheConnector")
    void theDetailSaysWhatToFix(String name, byte[] request, int status) throws Exception {
        String detail = new RawHttp(port).exchange(request).body();
        switch (status) {
            case 405 -> assertThat(detail).contains("TRACE is not allowed");
            case 501 -> assertThat(detail).contains("Content-Length or Transfer-Encoding: chunked");
            default -> assertThat(detail).contains("malformed-request").contains("encoded '/'");
        }
    }
}
