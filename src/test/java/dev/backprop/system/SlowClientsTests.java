package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 220 connections that send part of a {@code /predict} body and then nothing (more than Tomcat's
 * 200 request threads): normal requests are still answered while those bodies hang. Before
 * RequestBodyGate each hanging body held a thread in a blocking read and normal requests waited
 * for Tomcat's read timeout (> 30 s). No timing is asserted beyond a generous client timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SlowClientsTests {

    static final int STUCK = 220;
    static final byte[] PREDICTION = "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}".getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    private final List<Socket> stuck = new ArrayList<>();

    @AfterEach
    void closeStuckConnections() throws IOException {
        for (Socket socket : stuck) {
            socket.close();
        }
    }

    /** Headers that promise {@code declared} bytes, then the first 10 of them. */
    static Socket partialBody(RawHttp http, String type, String declared) throws IOException {
        return partialBody(http, type, declared, "{\"instance");
    }

    /** Headers, then {@code start} of the body, then nothing. */
    static Socket partialBody(RawHttp http, String type, String declared, String start) throws IOException {
        Socket socket = http.open(Duration.ofSeconds(1));
        RawHttp.send(socket, ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\n"
                + declared + "\r\n\r\n" + start).getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    static RawHttp.Answer predict(RawHttp http) throws IOException {
        return http.exchange(RawHttp.concat(RawHttp.request("POST", "/predict", "Content-Type: application/json",
                "Content-Length: " + PREDICTION.length), PREDICTION), Duration.ofSeconds(15));
    }

    @Test
    void normalRequestsAreServedWhileManyBodiesHang() throws Exception {
        RawHttp http = new RawHttp(port);
        for (int i = 0; i < STUCK; i++) {
            stuck.add(partialBody(http, "application/json", "Content-Length: 1000"));
        }
        for (int i = 0; i < 10; i++) {
            RawHttp.Answer answer = predict(http);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"predictions\"");
        }
        int stillWaiting = 0;
        for (Socket socket : stuck) {
            try {
                socket.setSoTimeout(10);
                if (socket.getInputStream().read() < 0) {
                    continue;
                }
            } catch (SocketTimeoutException e) {
                stillWaiting++;
            }
        }
        assertThat(stillWaiting).as("partial bodies still waiting for the rest, answered nothing yet")
                .isEqualTo(STUCK);
    }
}
