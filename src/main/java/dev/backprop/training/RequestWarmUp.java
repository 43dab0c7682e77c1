package dev.backprop.training;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.backprop.system.SecurityProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the service a few requests of the kinds a client's first job makes, before readiness, so
 * that the first job after start-up does not share the two cores with the first request's one-time
 * work (Jackson building its serializers, Spring MVC's and Tomcat's first-use set-up, the JIT
 * compiling all of that): reading the newest succeeded job (the built-in model's on a fresh start), its event stream and its
 * model, and a
 * job submission for a dataset that does not exist (a 404, so nothing is queued or stored). Only
 * reads and refusals: no job, model or dataset is made. Measured: without these requests the first
 * case-study job after start-up took 0.29–0.32 s, with them 0.27–0.28 s (docs/benchmarks.md).
 * Skipped where no web server listens (tests on a mock environment) and over TLS.
 */
@Component
class RequestWarmUp {

    static final int ROUNDS = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(RequestWarmUp.class);

    private final ApplicationContext context;
    private final Environment environment;
    private final SecurityProperties security;
    private final JsonMapper json;

    RequestWarmUp(ApplicationContext context, Environment environment, SecurityProperties security, JsonMapper json) {
        this.context = context;
        this.environment = environment;
        this.security = security;
        this.json = json;
    }

    void run() {
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null
                || web.getWebServer().getPort() <= 0
                || environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
            return;
        }
        String host = environment.getProperty("server.address", "127.0.0.1");
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        String base = "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + web.getWebServer().getPort() + environment.getProperty("server.servlet.context-path", "")
                + "/api/v1";
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                round(client, base);
            }
            log.info("Request paths warmed up in {} ms: {} rounds of job, event-stream, model and refused-submission "
                    + "requests", (System.nanoTime() - start) / 1_000_000, ROUNDS);
        } catch (IOException e) {
            // start-up goes on: the first requests then pay for their own one-time work, as without this
            log.warn("Request warm-up stopped after {} ms: {}", (System.nanoTime() - start) / 1_000_000, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round(HttpClient client, String base) throws IOException, InterruptedException {
        JsonNode page = json.readTree(send(client, get(base + "/training-jobs?status=succeeded&size=1")));
        JsonNode job = page.path("items").path(0);
        if (job.hasNonNull("id")) {
            String id = job.get("id").asString();
            send(client, get(base + "/training-jobs/" + id));
            // a finished job's stream sends its last event and ends
            send(client, get(base + "/training-jobs/" + id + "/events"));
            if (job.hasNonNull("modelId")) {
                send(client, get(base + "/models/" + job.get("modelId").asString()));
            }
        }
        String missing = "warm-up-" + UUID.randomUUID();
        HttpRequest.Builder submit = HttpRequest.newBuilder(URI.create(base + "/training-jobs")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"datasetId\": \"" + missing + "\", \"preset\": \"seed-case-study\"}"));
        if (security.enabled()) {
            submit.header("X-API-Key", security.apiKey());
        }
        send(client, submit.build());
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build();
    }

    private static String send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
