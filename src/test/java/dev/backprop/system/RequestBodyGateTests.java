package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The limits of {@link RequestBodyGate} with small settings, over a real port: a body that does
 * not arrive in time is a 408, slots for streamed bodies and memory for buffered ones are
 * bounded (503 with Retry-After), and a body that arrives in pieces is handled as if it had come
 * whole, query parameters included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "backprop.request-bodies.read-timeout=4s", "backprop.request-bodies.streamed-concurrency=2",
        "backprop.request-bodies.buffered-max=8KB", "backprop.request-bodies.buffered-total=16KB"})
class RequestBodyGateTests {

    /** The first chunk of a chunked body, and no more. */
    private static final String CHUNK = "a\r\n{\"instance\r\n";

    @LocalServerPort
    int port;

    @Autowired
    RequestBodyGate gate;

    private final List<Socket> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.bufferedBytes() == 0 && gate.streaming() == 0);
    }

    private Socket keep(Socket socket) {
        open.add(socket);
        return socket;
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIs408() throws Exception {
        Socket socket = keep(SlowClientsTests.partialBody(new RawHttp(port), "application/json", "Content-Length: 1000"));
        socket.setSoTimeout(30_000);
        RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(answer.body()).contains(ProblemType.REQUEST_TIMEOUT.uri().toString())
                .contains("1000 bytes declared, 10 received").contains("backprop.request-bodies.read-timeout");
    }

    @Test
    void streamedBodiesTakeAtMostTheirSlots() throws Exception {
        RawHttp http = new RawHttp(port);
        for (int i = 0; i < 2; i++) {
            keep(SlowClientsTests.partialBody(http, "application/json", "Transfer-Encoding: chunked", CHUNK));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.streaming() == 2);

        Socket third = keep(SlowClientsTests.partialBody(http, "application/json", "Transfer-Encoding: chunked", CHUNK));
        third.setSoTimeout(15_000);
        RawHttp.Answer refused = RawHttp.read(third.getInputStream());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.body()).contains(ProblemType.SERVICE_UNAVAILABLE.uri().toString())
                .contains("backprop.request-bodies.streamed-concurrency");

        assertThat(SlowClientsTests.predict(http).status()).as("small bodies do not need a slot").isEqualTo(200);
    }

    @Test
    void bufferedBodiesShareTheirMemory() throws Exception {
        RawHttp http = new RawHttp(port);
        for (int i = 0; i < 2; i++) {
            keep(SlowClientsTests.partialBody(http, "application/json", "Content-Length: 8000"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> gate.bufferedBytes() == 16_000);

        Socket third = keep(SlowClientsTests.partialBody(http, "application/json", "Content-Length: 8000"));
        third.setSoTimeout(15_000);
        RawHttp.Answer refused = RawHttp.read(third.getInputStream());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("backprop.request-bodies.buffered-total");
    }

    @Test
    void aBodyArrivingInPiecesIsHandledWhole() throws Exception {
        String csv = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Socket socket = keep(new RawHttp(port).open(Duration.ofSeconds(15)));
        RawHttp.send(socket, ("POST /api/v1/datasets?name=pieces&labelColumn=label HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/csv\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < bytes.length; i += 7) {
            Thread.sleep(100);
            RawHttp.send(socket, java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7)));
        }
        RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"name\":\"pieces\"").contains("\"labelColumn\":\"label\"")
                .contains("\"rows\":3");
        assertThat(answer.header("Location")).contains("/api/v1/datasets/pieces-");
    }
}
