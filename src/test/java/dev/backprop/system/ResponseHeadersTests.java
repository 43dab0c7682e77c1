package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The headers on every kind of answer, over a real port: nosniff and frame protection everywhere,
 * {@code Cache-Control: no-store} on the API, a strict Content-Security-Policy on the dashboard
 * (DashboardBrowserTests shows the page still works under it), gzip for large JSON.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResponseHeadersTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    // reads of models and datasets may be kept privately and revalidated (ConditionalGetsTests)
    @ValueSource(strings = {"/api/v1/training-jobs", "/api/v1/datasets/no-such-id", "/api/v1/training-config", "/actuator/health",
            "/v3/api-docs", "/v2/health/live"})
    void apiAnswersAreNotStoredSniffedOrFramed(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(ResponseHeaders.API_POLICY);
    }

    @Test
    void problemsWrittenOutsideSpringMvcCarryThemToo() throws Exception {
        RawHttp.Answer answer = new RawHttp(port).exchange(RawHttp.request("GET", "/api/v1/datasets/a%00b"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app.js", "/app.css"})
    void theDashboardHasAStrictContentSecurityPolicy(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(ResponseHeaders.DASHBOARD_POLICY);
        assertThat(ResponseHeaders.DASHBOARD_POLICY).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).as("static files may be cached").isEmpty();
    }

    /** The policy refuses inline script, inline style and event-handler attributes: the page has none. */
    @Test
    void theDashboardPageHasNothingInlineThePolicyWouldBlock() throws Exception {
        String page = new String(get("/index.html").body(), StandardCharsets.UTF_8);
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContainPattern("<style\\b")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("javascript:");
        String script = new String(get("/app.js").body(), StandardCharsets.UTF_8);
        assertThat(script).doesNotContain("setAttribute('style'").doesNotContainPattern("\\.innerHTML\\s*=")
                .doesNotContainPattern("\\beval\\(").doesNotContain("new Function");
    }

    @Test
    void largeJsonAnswersAreGzippedForClientsThatAsk() throws Exception {
        HttpResponse<byte[]> zipped = get("/v3/api-docs", "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String json = gunzip(zipped.body());
        assertThat(json).startsWith("{").contains("\"openapi\"");

        assertThat(get("/v3/api-docs").headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get("/actuator/health/liveness", "Accept-Encoding", "gzip").headers()
                .firstValue("Content-Encoding")).as("small answers stay plain").isEmpty();
    }

    /** A strong ETag would stop Tomcat from compressing (it changes the bytes); a weak one lets both work. */
    @Test
    void aModelIsGzippedAndTaggedAndItsTagStillRevalidates() throws Exception {
        HttpResponse<byte[]> zipped = get("/api/v1/models/iris@production", "Accept-Encoding", "gzip");
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(zipped.body())).contains("\"name\":\"iris\"");
        String etag = zipped.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        assertThat(get("/api/v1/models/iris@production", "Accept-Encoding", "gzip", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        assertThat(get("/api/v1/models/iris@production", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
