package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Over a real port, with both a declared length and a chunked body (no length), past the limit. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"backprop.limits.upload-bytes=2KB", "backprop.bootstrap-model=true"})
class RequestBodyLimitTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String instances(int count) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < count; i++) {
            body.append(i > 0 ? "," : "").append("[5.1, 3.5, 1.4, 0.2]");
        }
        return body.append("]}").toString();
    }

    private HttpResponse<String> post(String path, String type, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same bytes without a Content-Length: the client streams them chunked. */
    private static HttpRequest.BodyPublisher chunked(String text) {
        HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofString(text);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> response = post("/predict", "application/json",
                HttpRequest.BodyPublishers.ofString(instances(200)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("backprop.limits.upload-bytes");
    }

    @Test
    void aChunkedBodyIsCutAtTheLimit() throws Exception {
        HttpResponse<String> json = post("/predict", "application/json", chunked(instances(200)));
        assertThat(json.statusCode()).isEqualTo(413);
        assertThat(json.body()).contains("backprop.limits.upload-bytes");

        String csv = "Sepal.Length,Sepal.Width,Petal.Length,Petal.Width\n" + "5.1,3.5,1.4,0.2\n".repeat(200);
        HttpResponse<String> rows = post("/predict", "text/csv", chunked(csv));
        assertThat(rows.statusCode()).isEqualTo(413);

        HttpResponse<String> upload = post("/api/v1/datasets", "text/csv",
                chunked("a,b,label\n" + "1,2,x\n3,4,y\n".repeat(200)));
        assertThat(upload.statusCode()).isEqualTo(413);
        assertThat(upload.body()).contains("upload-bytes");
    }

    /**
     * The 413 for a declared length over the limit goes out at once, and the refused body is
     * dropped without a request thread: many clients that keep such bodies coming slowly (here:
     * 220 that send 10 bytes and then nothing) do not keep normal requests waiting.
     */
    @Test
    void refusedBodiesThatNeverEndHoldNoThread() throws Exception {
        RawHttp raw = new RawHttp(port);
        List<Socket> hanging = new ArrayList<>();
        try {
            for (int i = 0; i < SlowClientsTests.STUCK; i++) {
                hanging.add(SlowClientsTests.partialBody(raw, "application/json", "Content-Length: 10000000"));
            }
            // the answer goes out at once; it ends when the client has finished (or been cut off)
            Socket first = hanging.get(0);
            first.setSoTimeout(15_000);
            RawHttp.Answer refused = RawHttp.readHead(first.getInputStream());
            assertThat(refused.status()).isEqualTo(413);
            assertThat(RawHttp.nextChunk(first.getInputStream())).contains("backprop.limits.upload-bytes");
            for (int i = 0; i < 5; i++) {
                assertThat(SlowClientsTests.predict(raw).status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : hanging) {
                socket.close();
            }
        }
    }

    @Test
    void bodiesUnderTheLimitPass() throws Exception {
        HttpResponse<String> response = post("/predict", "application/json", chunked(instances(3)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isPositive();
    }
}
