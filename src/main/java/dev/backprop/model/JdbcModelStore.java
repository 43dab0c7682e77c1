package dev.backprop.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.backprop.system.ChunkedBlobs;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/** {@link ModelStore} on the service's database (H2 or PostgreSQL); documents gzip-compressed in chunks. */
@Repository
class JdbcModelStore implements ModelStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcModelStore.class);
    private static final TypeReference<LinkedHashMap<String, String>> TAGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ChunkedBlobs documents;

    JdbcModelStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        // gzip's fastest level: a document is mostly weights as decimal text, which the default level
        // hardly compresses better, at six times the time (a 50-256-128-5 network's 0.97 MB document:
        // 0.47 MB in 8 ms at level 1, 0.43 MB in 52 ms at level 6; half of its job's 70 ms of registering)
        this.documents = ChunkedBlobs.gzipped(jdbc, "model_chunks", "model_id", Deflater.BEST_SPEED);
    }

    @Override
    public int insert(String id, String name, Instant createdAt, VersionedDocument document) {
        return tx.execute(status -> {
            // the row lock on model_names serialises concurrent saves of one name, on every replica
            jdbc.sql("insert into model_names (name, last_version) values (?, 0) on conflict do nothing")
                    .param(name).update();
            jdbc.sql("update model_names set last_version = last_version + 1 where name = ?").param(name).update();
            int version = jdbc.sql("select last_version from model_names where name = ?").param(name)
                    .query(Integer.class).single();
            jdbc.sql("insert into models (id, name, version, created_at, tags, document_bytes, document_sha256) "
                            + "values (?, ?, ?, ?, '{}', 0, '')")
                    .params(id, name, version, Timestamp.from(createdAt)).update();
            ModelDocument doc = document.forVersion(version);
            ChunkedBlobs.Content content = documents.write(id, out -> ModelDocuments.MAPPER.writeValue(out, doc));
            jdbc.sql("update models set document_bytes = ?, document_sha256 = ? where id = ?")
                    .params(content.bytes(), content.sha256(), id).update();
            bump();
            return version;
        });
    }

    @Override
    public void insertExact(String id, String name, int version, Instant createdAt, ModelDocument document) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("insert into model_names (name, last_version) values (?, 0) on conflict do nothing")
                    .param(name).update();
            // later versions of the name keep their numbers above this one
            jdbc.sql("update model_names set last_version = greatest(last_version, ?) where name = ?")
                    .params(version, name).update();
            jdbc.sql("insert into models (id, name, version, created_at, tags, document_bytes, document_sha256) "
                            + "values (?, ?, ?, ?, '{}', 0, '')")
                    .params(id, name, version, Timestamp.from(createdAt)).update();
            ChunkedBlobs.Content content = documents.write(id, out -> ModelDocuments.MAPPER.writeValue(out, document));
            jdbc.sql("update models set document_bytes = ?, document_sha256 = ? where id = ?")
                    .params(content.bytes(), content.sha256(), id).update();
            bump();
        });
    }

    @Override
    public List<Row> rows() {
        return jdbc.sql("select id, name, version, created_at, description, tags from models")
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("name"), rs.getInt("version"),
                        rs.getTimestamp("created_at").toInstant(), rs.getString("description"),
                        tags(rs.getString("tags"))))
                .list();
    }

    @Override
    public Optional<ModelDocument> document(String id) {
        Optional<ChunkedBlobs.Content> content = jdbc.sql("select document_bytes, document_sha256 from models where id = ?")
                .param(id).query((rs, n) -> new ChunkedBlobs.Content(rs.getLong(1), rs.getString(2))).optional();
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = documents.read(id, content.get())) {
            return Optional.of(ModelDocuments.read(ModelDocuments.MAPPER.readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JacksonException e) {
            throw new ChunkedBlobs.CorruptValueException("the document of model '" + id + "' is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    @Override
    public boolean delete(String id) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<Map.Entry<String, Integer>> model = jdbc.sql("select name, version from models where id = ?")
                    .param(id).query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2))).optional();
            if (model.isEmpty()) {
                return false;
            }
            jdbc.sql("delete from model_aliases where name = ? and version = ?")
                    .params(model.get().getKey(), model.get().getValue()).update();
            jdbc.sql("delete from model_chunks where model_id = ?").param(id).update();
            jdbc.sql("delete from models where id = ?").param(id).update();
            bump();
            return true;
        }));
    }

    @Override
    public boolean updateMetadata(String id, String description, Map<String, String> tags) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("update models set description = ?, tags = ? where id = ?")
                    .params(description, ModelDocuments.MAPPER.writeValueAsString(tags), id).update();
            if (updated > 0) {
                bump();
            }
            return updated > 0;
        }));
    }

    @Override
    public Map<String, Map<String, Integer>> aliases() {
        Map<String, Map<String, Integer>> aliases = new HashMap<>();
        jdbc.sql("select name, alias, version from model_aliases").query(rs -> {
            aliases.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
        });
        return aliases;
    }

    @Override
    public void putAlias(String name, String alias, int version) {
        tx.executeWithoutResult(status -> {
            if (jdbc.sql("update model_aliases set version = ? where name = ? and alias = ?")
                    .params(version, name, alias).update() == 0) {
                jdbc.sql("insert into model_aliases (name, alias, version) values (?, ?, ?)")
                        .params(name, alias, version).update();
            }
            bump();
        });
    }

    @Override
    public boolean deleteAlias(String name, String alias) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            boolean existed = jdbc.sql("delete from model_aliases where name = ? and alias = ?")
                    .params(name, alias).update() > 0;
            if (existed) {
                bump();
            }
            return existed;
        }));
    }

    @Override
    public long stamp() {
        return jdbc.sql("select stamp from registry_state where id = 1").query(Long.class).single();
    }

    private void bump() {
        jdbc.sql("update registry_state set stamp = stamp + 1 where id = 1").update();
    }

    private static Map<String, String> tags(String json) {
        try {
            return json == null ? Map.of() : ModelDocuments.MAPPER.readValue(json, TAGS);
        } catch (JacksonException e) {
            log.warn("Model tags are not readable JSON ({}); showing none", e.getOriginalMessage());
            return Map.of();
        }
    }
}
