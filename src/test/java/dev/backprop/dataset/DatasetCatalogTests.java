package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import dev.backprop.system.HeapDatabase;
import dev.backprop.system.MemoryBudget;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.HttpStatus;

import dev.backprop.TestDatabase;
import dev.backprop.system.ApiException;
import dev.backprop.system.Page;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

class DatasetCatalogTests {

    private static final String CSV = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestDatabase db = TestDatabase.h2();
    private final JdbcDatasetStore store = new JdbcDatasetStore(db.jdbc(), db.tx(), JsonMapper.builder().build());
    private final DatasetCatalog catalog = catalog(store, "stored-datasets", "2");

    private DatasetCatalog catalog(DatasetStore store, String... limits) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("meters", meters);
        return new DatasetCatalog(store, TestLimits.with(limits), TestLimits.tabular(),
                beans.getBeanProvider(MeterRegistry.class), event -> { }, new MemoryBudget(TestLimits.with(limits)),
                new HeapDatabase(false, 0));
    }

    private Dataset upload(String name, String fileName) {
        return catalog.upload(new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), name, fileName, null, null);
    }

    @Test
    void irisIsBuiltIn() {
        Dataset iris = catalog.iris();
        assertThat(iris.id()).isEqualTo("iris");
        assertThat(iris.name()).isEqualTo("iris");
        assertThat(iris.builtIn()).isTrue();
        assertThat(iris.rows()).isEqualTo(150);
        assertThat(iris.featureCount()).isEqualTo(4);
        assertThat(iris.label().classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(catalog.require("iris")).isSameAs(iris);
        assertThat(catalog.list(Page.request(null, null)).items()).first().extracting(DatasetSummary::id).isEqualTo("iris");
    }

    @Test
    void requireAnswers404ForAnUnknownId() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> catalog.require("nope"));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("Dataset 'nope' does not exist");
        assertThat(catalog.find("nope")).isEmpty();
    }

    @Test
    void uploadStoresFindsListsAndDeletes() {
        Dataset dataset = upload(null, "my data.csv");
        assertThat(dataset.name()).isEqualTo("my data");
        assertThat(dataset.id()).matches("my-data-[a-z0-9]{6}");
        assertThat(dataset.builtIn()).isFalse();
        assertThat(catalog.require(dataset.id()).sha256()).isEqualTo(dataset.sha256());
        assertThat(catalog.list(Page.request(null, null)).items()).extracting(DatasetSummary::id)
                .containsExactly("iris", dataset.id());

        catalog.delete(dataset.id());
        assertThat(catalog.find(dataset.id())).isEmpty();
        ApiException again = catchThrowableOfType(ApiException.class, () -> catalog.delete(dataset.id()));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theBuiltInDatasetCannotBeDeleted() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> catalog.delete("iris"));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(e.getMessage()).contains("'iris' is built in");
        assertThat(catalog.find("iris")).isPresent();
    }

    @Test
    void aFullStoreAnswers409NamingTheLimit() {
        upload("one", null);
        upload("two", null);
        ApiException e = catchThrowableOfType(ApiException.class, () -> upload("three", null));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(e.getMessage()).contains("2 datasets").contains("backprop.limits.stored-datasets");
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void namesComeFromTheParameterElseTheFileElseDefault() {
        assertThat(DatasetCatalog.resolveName(" Flowers ", "x.csv")).isEqualTo("Flowers");
        assertThat(DatasetCatalog.resolveName(null, "C:\\Users\\me\\iris.data.csv")).isEqualTo("iris.data");
        assertThat(DatasetCatalog.resolveName("", "/tmp/wine")).isEqualTo("wine");
        assertThat(DatasetCatalog.resolveName(null, ".csv")).isEqualTo(".csv");
        assertThat(DatasetCatalog.resolveName(null, null)).isEqualTo("dataset");
        assertThat(DatasetCatalog.resolveName(null, "")).isEqualTo("dataset");
        assertThat(DatasetCatalog.resolveName(null, "ev\u202eil\n.csv")).isEqualTo("evil");
        ApiException bidi = catchThrowableOfType(ApiException.class, () -> DatasetCatalog.resolveName("a\u202eb", null));
        assertThat(bidi.getMessage()).startsWith("name must not contain").contains("U+202E RIGHT-TO-LEFT OVERRIDE");
    }

    @Test
    void summaryHasStatisticsAndClassCounts() {
        DatasetSummary summary = catalog.summary(upload("s", null).id());
        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.labelColumn()).isEqualTo("label");
        assertThat(summary.features()).extracting(DatasetSummary.Feature::name).containsExactly("a", "b");
        DatasetSummary.Feature a = summary.features().get(0);
        assertThat(a.min()).isEqualTo(1);
        assertThat(a.max()).isEqualTo(5);
        assertThat(a.mean()).isEqualTo(3);
        assertThat(a.std()).isEqualTo(2); // sample std of 1, 3, 5
        assertThat(summary.classes()).containsExactly(new DatasetSummary.ClassCount("x", 2),
                new DatasetSummary.ClassCount("y", 1));
    }

    @Test
    void irisSummaryMatchesRsSummary() {
        DatasetSummary iris = catalog.summary("iris");
        DatasetSummary.Feature sepalLength = iris.features().get(0);
        assertThat(sepalLength.min()).isEqualTo(4.3);
        assertThat(sepalLength.max()).isEqualTo(7.9);
        assertThat(sepalLength.mean()).isCloseTo(5.843333, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sepalLength.std()).isCloseTo(0.8280661, org.assertj.core.data.Offset.offset(1e-7)); // sd(iris$Sepal.Length)
        assertThat(iris.classes()).extracting(DatasetSummary.ClassCount::count).containsExactly(50, 50, 50);
        assertThat(iris.sha256()).isEqualTo("396c921bc9cf625a4ab755540084aa3d0d941c4ffed8681299689b1f502c3ac2");
    }

    @Test
    void countsUploadsAndTheirBytes() {
        upload("ok", null);
        catchThrowableOfType(InvalidDatasetException.class, () -> catalog.upload(
                new ByteArrayInputStream("a,b\n".getBytes(StandardCharsets.UTF_8)), null, null, null, null));
        assertThat(meters.get("backprop.datasets.uploads").tag("outcome", "accepted").counter().count()).isEqualTo(1);
        assertThat(meters.get("backprop.datasets.uploads").tag("outcome", "rejected").counter().count()).isEqualTo(1);
        assertThat(meters.get("backprop.datasets.upload.bytes").summary().totalAmount()).isEqualTo(CSV.length());
    }

    @Test
    void idsAreSlugsWithARandomSuffix() {
        assertThat(DatasetIds.slug("Iris — 2024 (clean)!")).isEqualTo("iris-2024-clean");
        assertThat(DatasetIds.slug("???")).isEqualTo("dataset");
        assertThat(DatasetIds.slug("x".repeat(100))).hasSize(32);
        assertThat(DatasetIds.newId("iris")).matches("iris-[a-z0-9]{6}").isNotEqualTo(DatasetIds.newId("iris"));
    }
}
