package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.jayway.jsonpath.JsonPath;
import com.zaxxer.hikari.HikariDataSource;

import dev.backprop.BackpropApplication;
import dev.backprop.EmbeddedPostgresServer;

/**
 * Issue 12: on read-only storage a DELETE answered 500 but removed the dataset from memory, and
 * it came back after a restart. Here the real database turns read-only under a running service:
 * every write is a 503 "store not writable", nothing changes in memory, and after a restart on
 * writable storage everything is still there.
 */
class ReadOnlyStoreTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void writesToAReadOnlyStoreAre503AndChangeNothing() throws Exception {
        String url = EmbeddedPostgresServer.newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String datasetId;
        String modelId;
        try (ConfigurableApplicationContext service = start(url)) {
            int port = port(service);
            HttpResponse<String> upload = send(port, "POST", "/api/v1/datasets?name=kept", "text/csv",
                    "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n");
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            datasetId = JsonPath.read(upload.body(), "$.id");
            String document = send(port, "GET", "/api/v1/models/iris/export", null, null).body();
            HttpResponse<String> imported = send(port, "POST", "/api/v1/models/import?name=kept-model",
                    "application/json", document);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            modelId = JsonPath.read(imported.body(), "$.id");

            readOnly(url, database, true);
            ((HikariDataSource) service.getBean(DataSource.class)).getHikariPoolMXBean().softEvictConnections();

            HttpResponse<String> deleteDataset = send(port, "DELETE", "/api/v1/datasets/" + datasetId, null, null);
            assertNotWritable(deleteDataset);
            HttpResponse<String> deleteModel = send(port, "DELETE", "/api/v1/models/" + modelId, null, null);
            assertNotWritable(deleteModel);
            assertNotWritable(send(port, "POST", "/api/v1/datasets?name=new", "text/csv", "a,kind\n1,x\n2,y\n"));
            assertNotWritable(send(port, "PUT", "/api/v1/models/kept-model/aliases/production", "application/json",
                    "{\"version\": 1}"));

            // nothing changed in memory: both still answer, and the model still predicts
            assertThat(send(port, "GET", "/api/v1/datasets/" + datasetId, null, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/api/v1/models/" + modelId, null, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "POST", "/api/v1/models/" + modelId + "/predictions", "application/json",
                    "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}").statusCode()).isEqualTo(200);
            readOnly(url, database, false);
        }
        try (ConfigurableApplicationContext restarted = start(url)) {
            int port = port(restarted);
            assertThat(send(port, "GET", "/api/v1/datasets/" + datasetId, null, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/api/v1/models/" + modelId, null, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/api/v1/models/kept-model/aliases", null, null).body())
                    .doesNotContain("production");
        }
    }

    private static void assertNotWritable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(response.body(), "$.type")).endsWith("/store-not-writable");
        assertThat(response.body()).doesNotContain("SQL").doesNotContain("postgres");
    }

    private static void readOnly(String url, String database, boolean on) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            // this session too starts read-only once the database is
            s.execute("set default_transaction_read_only = off");
            s.execute("alter database " + database + " set default_transaction_read_only = " + (on ? "on" : "off"));
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(BackpropApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> send(int port, String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
