package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.backprop.TestDatabase;
import dev.backprop.dataset.TestLimits;
import dev.backprop.system.ApiException;
import dev.backprop.system.ClusterProperties;
import tools.jackson.databind.node.ObjectNode;

/** The registry on a real (embedded) database, as two replicas would share it. */
class ModelRegistryTests {

    private final TestDatabase db = TestDatabase.h2();
    private final java.util.List<ModelRegistry> replicas = new java.util.ArrayList<>();

    private ModelRegistry replica() {
        ModelRegistry registry = new ModelRegistry(new JdbcModelStore(db.jdbc(), db.tx()), TestLimits.with(),
                new ClusterProperties(java.time.Duration.ofHours(1), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(2), 5, "test"));
        replicas.add(registry);
        return registry;
    }

    @AfterEach
    void stop() {
        replicas.forEach(ModelRegistry::stop);
    }

    /** A draft from the import example, named {@code name}. */
    private static ModelRegistry.Draft draft(String name) {
        ObjectNode node = (ObjectNode) ModelDocuments.MAPPER.readTree(ModelTransferController.IRIS_DOCUMENT);
        node.put("id", "x").put("version", 1).put("createdAt", "2026-01-02T03:04:05.123456Z");
        TrainedModel m = ModelDocuments.restore(ModelDocuments.read(node));
        return new ModelRegistry.Draft(name, m.datasetId(), m.labelColumn(), m.config(), m.metrics(), m.history(),
                m.provenance(), m.network());
    }

    @Test
    void versionsCountPerNameAndAreNeverReused() {
        ModelRegistry models = replica();
        TrainedModel v1 = models.register(draft("iris"));
        TrainedModel v2 = models.register(draft("iris"));
        TrainedModel other = models.register(draft("wine"));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(other.version()).isEqualTo(1);

        models.delete(v2.id());
        TrainedModel v3 = models.register(draft("iris"));

        assertThat(v3.version()).as("a deleted version's number is not given again").isEqualTo(3);
        assertThat(models.latest("iris")).contains(v3);
        assertThat(models.versions("iris")).extracting(TrainedModel::version).containsExactly(1, 3);
    }

    @Test
    void aliasesResolveAndOnlyMoveWhenMoved() {
        ModelRegistry models = replica();
        TrainedModel v1 = models.register(draft("iris"));
        models.setAlias("iris", "production", 1);
        TrainedModel v2 = models.register(draft("iris"));

        assertThat(models.require("iris@production")).isEqualTo(v1);
        assertThat(models.require("iris")).isEqualTo(v2);
        assertThat(models.aliasesOf(v1)).containsExactly("production");

        models.setAlias("iris", "production", 2);
        assertThat(models.require("iris@production")).isEqualTo(v2);
        assertThat(models.aliasesOf(v1)).isEmpty();

        models.delete(v2.id());
        assertThat(models.resolve("iris@production")).as("the alias went with its version").isEmpty();
        ApiException e = catchThrowableOfType(ApiException.class, () -> models.require("iris@production"));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(e.getMessage()).contains("no alias 'production'");
    }

    @Test
    void aliasesFollowTheNameRules() {
        ModelRegistry models = replica();
        models.register(draft("iris"));
        for (String bad : new String[] {"", "-x", "a b", "é", "latest", "x".repeat(101)}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> models.setAlias("iris", bad, 1));
            assertThat(e.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        ApiException missing = catchThrowableOfType(ApiException.class, () -> models.setAlias("iris", "prod", 7));
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anotherReplicaSeesEveryChangeAfterItsRefresh() {
        ModelRegistry a = replica();
        ModelRegistry b = replica();
        TrainedModel model = a.register(draft("iris"));
        a.setAlias("iris", "production", 1);
        a.updateMetadata(model.id(), "first", Map.of("team", "botany"));

        b.refresh();
        assertThat(b.require("iris@production").id()).isEqualTo(model.id());
        assertThat(b.entry(model.id()).orElseThrow().tags()).containsEntry("team", "botany");
        double[] row = {5.9, 3.0, 4.2, 1.5};
        assertThat(b.require(model.id()).network().predict(row)).containsExactly(model.network().predict(row));

        a.delete(model.id());
        b.refresh();
        assertThat(b.find(model.id())).isEmpty();
        assertThat(b.aliasesOf("iris")).isEmpty();
    }

    @Test
    void aModelJustTrainedElsewhereIsFoundByIdAtOnce() {
        ModelRegistry a = replica();
        ModelRegistry b = replica();   // refreshes only once an hour on its own
        TrainedModel model = a.register(draft("iris"));

        assertThat(b.find(model.id())).as("no waiting for the next refresh").isPresent();
    }

    @Test
    void aTamperedDocumentIsSkippedAndReported() {
        ModelRegistry a = replica();
        TrainedModel good = a.register(draft("good"));
        TrainedModel bad = a.register(draft("bad"));
        // one weight changed in the stored (compressed) document: still valid gzip of valid JSON, wrong checksum
        byte[] chunk = db.jdbc().sql("select data from model_chunks where model_id = ? and seq = 0").param(bad.id())
                .query(byte[].class).single();
        byte[] json;
        try {
            json = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(chunk)).readAllBytes();
            String text = new String(json, java.nio.charset.StandardCharsets.UTF_8).replaceFirst("-1\\.0,", "-1.5,");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
                gzip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            chunk = out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        db.jdbc().sql("update model_chunks set data = ? where model_id = ? and seq = 0").params(chunk, bad.id()).update();

        ModelRegistry restarted = replica();

        assertThat(restarted.find(good.id())).isPresent();
        assertThat(restarted.find(bad.id())).isEmpty();
        assertThat(restarted.unreadable()).containsOnlyKeys(bad.id());
        assertThat(restarted.unreadable().get(bad.id())).contains("checksum");
    }
}
