package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.backprop.TestDatabase;
import dev.backprop.system.ChunkedBlobs;
import tools.jackson.databind.json.JsonMapper;

class JdbcDatasetStoreTests {

    private final TestDatabase db = TestDatabase.h2();
    private final JsonMapper json = JsonMapper.builder().build();

    private JdbcDatasetStore store() {
        return new JdbcDatasetStore(db.jdbc(), db.tx(), json);
    }

    /** Typed columns with a missing number, a missing level, full-precision and tiny values. */
    private static Dataset dataset(String id) {
        ParsedDataset parsed = TestData.parse(TestData.parser(100_000, 100, 10),
                "a,b é,colour,label\n1.5,3.141592653589793,red,x\nNA,1e-300,,y\n-2,0.1,blue,x\n", "label", null);
        return new Dataset(id, "name of " + id, parsed.features(), parsed.label(), parsed.sha256(),
                Instant.parse("2026-01-02T03:04:05.123456Z"), false, parsed.rows(), 0);
    }

    private void save(JdbcDatasetStore store, Dataset dataset) {
        store.save(dataset, DatasetSummary.of(dataset));
    }

    @Test
    void aDatasetComesBackExactlyOnAnotherReplica() {
        save(store(), dataset("one-abcdef"));
        save(store(), dataset("two-abcdef"));

        // a second store on the same database: nothing cached, everything read back
        JdbcDatasetStore other = store();
        assertThat(other.count()).isEqualTo(2);
        Dataset loaded = other.find("one-abcdef").orElseThrow();
        Dataset original = dataset("one-abcdef");
        assertThat(loaded.name()).isEqualTo(original.name());
        assertThat(loaded.featureNames()).isEqualTo(original.featureNames());
        assertThat(loaded.label().classNames()).isEqualTo(original.label().classNames());
        for (int j = 0; j < 2; j++) {
            assertThat(TestData.numbers(loaded.features().get(j))).containsExactly(TestData.numbers(original.features().get(j)));
        }
        assertThat(TestData.texts(loaded.features().get(2))).containsExactly(TestData.texts(original.features().get(2)));
        assertThat(TestData.codes(loaded.label().classes())).containsExactly(TestData.codes(original.label().classes()));
        assertThat(loaded.sha256()).isEqualTo(original.sha256());
        assertThat(loaded.createdAt()).isEqualTo(original.createdAt());
        assertThat(other.summary("two-abcdef")).contains(DatasetSummary.of(dataset("two-abcdef")));
        assertThat(other.summaries(0, 10)).extracting(DatasetSummary::id).containsExactlyInAnyOrder("one-abcdef", "two-abcdef");
    }

    @Test
    void aChangedByteInTheDatabaseIsReportedNotUsed() {
        save(store(), dataset("flipped-abcdef"));
        byte[] chunk = db.jdbc().sql("select data from dataset_chunks where dataset_id = 'flipped-abcdef' and seq = 0")
                .query(byte[].class).single();
        chunk[chunk.length - 20] ^= 0x01;
        db.jdbc().sql("update dataset_chunks set data = ? where dataset_id = 'flipped-abcdef' and seq = 0")
                .param(chunk).update();

        assertThatThrownBy(() -> store().find("flipped-abcdef"))
                .isInstanceOf(ChunkedBlobs.CorruptValueException.class)
                .hasMessageContaining("flipped-abcdef").hasMessageContaining("damaged");
    }

    @Test
    void deleteOnOneReplicaIsSeenByAnother() {
        JdbcDatasetStore first = store();
        JdbcDatasetStore second = store();
        save(first, dataset("gone-abcdef"));
        assertThat(second.find("gone-abcdef")).isPresent();

        assertThat(first.delete("gone-abcdef")).isTrue();

        assertThat(second.find("gone-abcdef")).isEmpty();
        assertThat(first.delete("gone-abcdef")).isFalse();
        assertThat(db.jdbc().sql("select count(*) from dataset_chunks").query(Integer.class).single()).isZero();
    }
}
