package dev.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.jayway.jsonpath.JsonPath;

/**
 * Migrations run from the previous version's schema, not only from an empty database: a database
 * at V1 (Flyway {@code target}) holding the rows a running service writes — an uploaded dataset, the
 * built-in model and a trained one with an alias, a finished training job and one still queued
 * (with its queue entry) — is migrated to the latest version, on embedded H2 and on PostgreSQL.
 * Every row of every V1 table must come through unchanged, and the service started on the
 * migrated database must serve the dataset, the models and the jobs as before, run the job that was
 * queued before the upgrade, and score the old dataset with the old model.
 *
 * <p>The rows are real: one service writes them into a database of its own (its schema is the
 * latest, but V2 only adds, so V1's columns hold exactly what a V1 service wrote), and they are
 * copied column by column into the V1 database.
 */
class MigrationTests {

    /** Every table of V1, parents before children. */
    private static final List<String> V1_TABLES = List.of("datasets", "dataset_chunks", "model_names", "models",
            "model_chunks", "model_aliases", "registry_state", "jobs", "scheduled_tasks");
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static DataSource source;
    private static String datasetId;
    private static String modelId;
    private static String finishedJob;
    private static String queuedJob;
    private static String prediction;

    private record Service(ConfigurableApplicationContext context, int port) implements AutoCloseable {

        static Service start(String url, String user, String password) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(BackpropApplication.class).run(
                    "--server.port=0", "--spring.main.banner-mode=off", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=" + user, "--spring.datasource.password=" + password);
            return new Service(context, Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        }

        HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60));
            if (body == null) {
                request.method(method, BodyPublishers.noBody());
            } else {
                request.header("Content-Type", type).method(method, BodyPublishers.ofString(body));
            }
            return HTTP.send(request.build(), BodyHandlers.ofString());
        }

        String status(String path) throws Exception {
            return JsonPath.read(send("GET", path, null, null).body(), "$.status");
        }

        @Override
        public void close() {
            context.close();
        }
    }

    @BeforeAll
    static void writeRowsWithARunningService() throws Exception {
        String url = "jdbc:h2:mem:migration-source-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
        source = new DriverManagerDataSource(url, "sa", "");
        try (Service service = Service.start(url, "sa", "")) {
            HttpResponse<String> upload = service.send("POST", "/api/v1/datasets?name=old-zones&labelColumn=zone",
                    "text/csv", "x,y,zone\n0.1,0.2,south\n9.8,0.3,east\n0.2,10.1,north\n-0.3,0.1,south\n"
                            + "10.4,-0.2,east\n0.5,9.7,north\n");
            assertThat(upload.statusCode()).isEqualTo(201);
            datasetId = JsonPath.read(upload.body(), "$.id");
            finishedJob = JsonPath.read(service.send("POST", "/api/v1/training-jobs", "application/json",
                    "{\"datasetId\": \"" + datasetId + "\", \"modelName\": \"old\", \"epochs\": 50, \"seed\": 4}").body(),
                    "$.id");
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/api/v1/training-jobs/" + finishedJob)
                    .equals("SUCCEEDED"));
            modelId = JsonPath.read(service.send("GET", "/api/v1/training-jobs/" + finishedJob, null, null).body(),
                    "$.modelId");
            assertThat(service.send("PUT", "/api/v1/models/old/aliases/production", "application/json",
                    "{\"version\": 1}").statusCode()).isEqualTo(200);
            prediction = service.send("POST", "/api/v1/models/" + modelId + "/predictions", "application/json",
                    "{\"instances\": [[9.9, 0.1], [0.0, 0.0]]}").body();
            // the one worker busy, so that a second job waits in the queue when the service stops
            String busy = JsonPath.read(service.send("POST", "/api/v1/training-jobs", "application/json",
                    "{\"datasetId\": \"iris\", \"modelName\": \"busy\", \"preset\": \"seed-case-study\", "
                            + "\"epochs\": 1000000, \"seed\": 1}").body(), "$.id");
            await().atMost(Duration.ofSeconds(30)).until(() -> service.status("/api/v1/training-jobs/" + busy)
                    .equals("RUNNING"));
            queuedJob = JsonPath.read(service.send("POST", "/api/v1/training-jobs", "application/json",
                    "{\"datasetId\": \"" + datasetId + "\", \"modelName\": \"queued\", \"epochs\": 20, \"seed\": 2}")
                    .body(), "$.id");
            assertThat(service.status("/api/v1/training-jobs/" + queuedJob)).isEqualTo("QUEUED");
        }
    }

    @AfterAll
    static void dropSource() throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("shutdown");
        }
    }

    @Test
    void fromV1OnH2() throws Exception {
        String url = "jdbc:h2:mem:migration-target-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
        upgradeAndServe(url, "sa", "");
    }

    @Test
    void fromV1OnPostgreSql() throws Exception {
        upgradeAndServe(EmbeddedPostgresServer.newDatabase(), "postgres", "postgres");
    }

    @Test
    void anEmptyDatabaseMigratesToTheLatestVersion() {
        DataSource empty = new DriverManagerDataSource(EmbeddedPostgresServer.newDatabase(), "postgres", "postgres");
        Flyway flyway = Flyway.configure().dataSource(empty).load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(flyway.info().all().length);
        assertThat(flyway.info().pending()).isEmpty();
    }

    private static void upgradeAndServe(String url, String user, String password) throws Exception {
        DataSource target = new DriverManagerDataSource(url, user, password);
        Flyway.configure().dataSource(target).target("1").load().migrate();
        assertThat(Flyway.configure().dataSource(target).load().info().current().getVersion().getVersion()).isEqualTo("1");
        copyV1Rows(source, target);
        Map<String, List<Map<String, Object>>> before = snapshot(target);
        assertThat(before.get("datasets")).hasSize(1);
        assertThat(before.get("models")).as("the built-in model and the trained one").hasSize(2);
        assertThat(before.get("jobs")).hasSize(4);
        assertThat(before.get("scheduled_tasks")).hasSize(1);

        Flyway latest = Flyway.configure().dataSource(target).load();
        latest.migrate();

        MigrationInfo[] applied = latest.info().applied();
        assertThat(applied[applied.length - 1].getVersion()).isEqualTo(latest.info().all()[latest.info().all().length - 1]
                .getVersion());
        assertThat(latest.info().pending()).isEmpty();
        assertThat(snapshot(target)).as("every V1 row, column for column").isEqualTo(before);

        try (Service service = Service.start(url, user, password)) {
            HttpResponse<String> dataset = service.send("GET", "/api/v1/datasets/" + datasetId, null, null);
            assertThat(dataset.statusCode()).isEqualTo(200);
            assertThat((Integer) JsonPath.read(dataset.body(), "$.rows")).isEqualTo(6);
            assertThat(service.send("GET", "/api/v1/models/old@production", null, null).statusCode()).isEqualTo(200);
            assertThat(service.send("POST", "/api/v1/models/" + modelId + "/predictions", "application/json",
                    "{\"instances\": [[9.9, 0.1], [0.0, 0.0]]}").body()).isEqualTo(prediction);
            String finished = service.send("GET", "/api/v1/training-jobs/" + finishedJob, null, null).body();
            assertThat((String) JsonPath.read(finished, "$.status")).isEqualTo("SUCCEEDED");
            assertThat((String) JsonPath.read(finished, "$.modelId")).isEqualTo(modelId);
            assertThat((Integer) JsonPath.read(finished, "$.config.seed")).isEqualTo(4);

            // queued before the upgrade, run after it
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/api/v1/training-jobs/" + queuedJob)
                    .equals("SUCCEEDED"));

            // the new schema at work on the old rows: the old model scores the old dataset
            String scoring = JsonPath.read(service.send("POST", "/api/v1/models/old/scorings", "application/json",
                    "{\"datasetId\": \"" + datasetId + "\"}").body(), "$.id");
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/api/v1/models/old/scorings/" + scoring)
                    .equals("SUCCEEDED"));
            HttpResponse<String> csv = service.send("GET", "/api/v1/models/old/scorings/" + scoring + "/result", null,
                    null);
            assertThat(csv.body().split("\n")).hasSize(7);
        }
    }

    /** Copies every V1 table's rows, the V1 columns only (those the target, still at V1, has). */
    private static void copyV1Rows(DataSource from, DataSource to) throws SQLException {
        try (Connection in = from.getConnection(); Connection out = to.getConnection()) {
            for (String table : V1_TABLES) {
                List<String> columns = columns(out, table);
                try (Statement clear = out.createStatement()) {
                    clear.executeUpdate("delete from " + table);
                }
                String names = String.join(", ", columns);
                try (Statement select = in.createStatement();
                     ResultSet rows = select.executeQuery("select " + names + " from " + table);
                     PreparedStatement insert = out.prepareStatement("insert into " + table + " (" + names + ") values ("
                             + "?, ".repeat(columns.size() - 1) + "?)")) {
                    while (rows.next()) {
                        for (int i = 1; i <= columns.size(); i++) {
                            insert.setObject(i, rows.getObject(i));
                        }
                        insert.executeUpdate();
                    }
                }
            }
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return columns;
        }
    }

    /** Each V1 table's rows as column → value (bytes as hex, times as instants), in a fixed order. */
    private static Map<String, List<Map<String, Object>>> snapshot(DataSource db) throws SQLException {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            for (String table : V1_TABLES) {
                List<String> v1 = V1_COLUMNS.computeIfAbsent(table, t -> uncheckedColumns(c, t));
                String names = String.join(", ", v1);
                List<Map<String, Object>> rows = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select " + names + " from " + table + " order by " + names)) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= v1.size(); i++) {
                            Object value = rs.getObject(i);
                            row.put(v1.get(i - 1), value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
                                    : value instanceof OffsetDateTime time ? time.toInstant() : value);
                        }
                        rows.add(row);
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** The columns each table had at V1, read once from a V1 database (the first snapshot's). */
    private static final Map<String, List<String>> V1_COLUMNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> uncheckedColumns(Connection c, String table) {
        try {
            return columns(c, table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
