package dev.backprop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Drives the dashboard at {@code /} in Debian's headless Chromium as a new user would (issue 14):
 * upload two CSVs; train on the larger one with the <em>default</em> configuration and watch the
 * live chart receive points while the job runs; train two versions of a model (one config error
 * on the way, and a seed of 2^53 − 1 that must come back exactly); inspect a model's provenance;
 * set and move an alias; tag a model and filter by the tag; compare the two versions; predict one
 * row (a bad value first, whose field is marked) and a whole CSV file; delete a dataset; check
 * that no table is cut off at a phone's width and that dark mode applies. Every wait is on a
 * condition of the page; screenshots at desktop and phone width land in {@code target/screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (packages {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). The driver path is set explicitly
 * so that Selenium Manager never tries to download anything.
 *
 * <p>{@code -Ddashboard.base-url=http://host:port/} points the same steps at an already running
 * server instead of the one this test starts. {@code -Ddashboard.readme-screenshot=docs/dashboard.png}
 * also copies the screenshot of the running job there, for the README.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DashboardBrowserTests {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final Duration TRAINING = Duration.ofSeconds(180);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final String README_SHOT = "training-live";
    /** 2^53 − 1: the largest seed the API takes, and one a JavaScript number still holds exactly. */
    private static final String LARGEST_SEED = "9007199254740991";
    /** A model name of this run only, so that the steps also hold against a server that has run them before. */
    private static final String MODEL = "clusters-" + Long.toString(System.currentTimeMillis() % 46_656_000L, 36);

    /** Three well separated clusters in two features: any sensible network learns them. */
    private static final String CLUSTERS = clustersCsv();

    @LocalServerPort
    int port;

    @TempDir
    Path temp;

    private ChromeDriver browser;
    private int step;
    /** The browser's console, read so far (reading empties Chromium's buffer). */
    private final List<String> console = new java.util.ArrayList<>();

    @BeforeAll
    static void browserIsInstalled() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The dashboard browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + ". Install them with: apt-get install -y chromium chromium-driver (.ci/run does this).");
    }

    @BeforeEach
    void openBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
                "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")));
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download_restrictions", 3); // block all downloads
        options.setExperimentalOption("prefs", prefs);
        // the console, where Chromium reports what the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.newDirectoryStream(SCREENSHOTS, "dashboard-*.png")) { // the folder shows one run
            for (Path shot : old) {
                Files.delete(shot);
            }
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewUserTrainsComparesPromotesAndPredictsFromThePage() throws IOException {
        try {
            walkThrough();
        }
        catch (RuntimeException | AssertionError failure) {
            try {
                screenshot("failure");
            }
            catch (RuntimeException | IOException ignored) {
                // keep the original failure
            }
            throw failure;
        }
    }

    private void walkThrough() throws IOException {
        browser.get(baseUrl());
        waitFor("the dataset list to load", d -> "loaded".equals(attribute("datasets-body", "data-state")));
        screenshot("home");

        String clusters = upload("clusters.csv", CLUSTERS, "clusters");
        assertThat(all("feature-row")).hasSize(2).allSatisfy(row -> assertThat(row.getDomAttribute("data-type")).isEqualTo("numeric"));
        assertThat(all("class-bar")).hasSize(3);
        screenshot("dataset-uploaded");
        String rings = upload("rings.csv", ringsCsv(), "rings");
        assertThat(byTestId("dataset-meta").getText()).contains("100000 rows");

        watchADefaultJobLive(rings);
        trainTwoVersions(clusters);
        inspectTheModelAndMoveAnAlias();
        filterAndCompare();
        predictOneRowAndAFile();
        aRegressionModel();
        importAndDeleteAModel();
        deleteADataset(rings);
        everyScreenFitsAPhone();
        darkMode();

        // the page's Content-Security-Policy refused nothing it uses (scripts, styles, images, API calls)
        assertThat(console())
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Refused to"));
    }

    /** Uploads a CSV through the file picker; answers the new dataset's id once its summary shows. */
    private String upload(String fileName, String content, String name) throws IOException {
        open("#datasets");
        Path csv = temp.resolve(fileName);
        Files.writeString(csv, content, StandardCharsets.UTF_8);
        byTestId("upload-file").sendKeys(csv.toAbsolutePath().toString());
        type(byTestId("upload-name"), name);
        byTestId("upload-submit").click();
        waitFor("the summary of " + name, Duration.ofSeconds(60), d -> name.equals(byTestId("dataset-title").getText())
                && "loaded".equals(attribute("dataset-detail", "data-state")));
        return attribute("dataset-detail", "data-dataset-id");
    }

    /** Issue 14: a live default-config training, chart points arriving while it runs. */
    private void watchADefaultJobLive(String datasetId) throws IOException {
        openTrainingForm(datasetId);
        byTestId("train-submit").click(); // nothing changed: the service's defaults, early stopping included

        int points = waitFor("three live points on the loss chart while the job runs", TRAINING, d ->
                "RUNNING".equals(attribute("job-status", "data-status")) && points("chart-live-loss") >= 3
                        ? points("chart-live-loss") : null);
        assertThat(points).isGreaterThanOrEqualTo(3);
        assertThat(byTestId("job-live-figures").getText()).contains("last finished epoch");
        String jobId = byTestId("job-id").getDomAttribute("title");
        waitFor("the job table to show the running job's epochs", d -> {
            WebElement row = jobRow(jobId);
            return row != null && "RUNNING".equals(row.getDomAttribute("data-status"))
                    && row.findElement(By.cssSelector("[data-testid=job-epochs]")).getText().matches("epoch \\d+ of at most 500.*");
        });
        fillALittleMore();
        browser.executeScript("window.scrollTo(0, 0)");
        screenshot(README_SHOT);
        phoneScreenshot("training-live-mobile", "job-panel");

        String status = waitFor("the default job to finish", TRAINING, d -> finished(attribute("job-status", "data-status")));
        assertThat(status).as("job status; the page says: %s", byTestId("job-panel").getText()).isEqualTo("SUCCEEDED");
        waitFor("the stored model's figures", d -> "shown".equals(attribute("job-model-figures", "data-state")));
        String epochs = waitFor("the finished job in the table", d -> {
            WebElement row = jobRow(jobId);
            return row != null && "SUCCEEDED".equals(row.getDomAttribute("data-status"))
                    ? row.findElement(By.cssSelector("[data-testid=job-epochs]")).getText() : null;
        });
        assertThat(epochs).as("epochs run against planned, never a share of the planned epochs")
                .matches("\\d+ of 500( — stopped early)?").doesNotContain("%");
        if (epochs.contains("stopped early")) {
            assertThat(byTestId("job-model-figures").getText()).contains("restored best");
            assertThat(attribute("chart-live-loss", "data-markers")).as("the restored best epoch is marked").isNotEmpty();
        }
        screenshot("training-succeeded");
    }

    /**
     * For the README's picture only: up to four more seconds for a fuller chart while the job
     * still runs. Nothing is asserted here; the job may well finish first.
     */
    private void fillALittleMore() {
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until && points("chart-live-loss") < 16
                && "RUNNING".equals(attribute("job-status", "data-status"))) {
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void openTrainingForm(String datasetId) {
        open("#training");
        waitFor("the training form built from the API", d -> "true".equals(attribute("train-form", "data-ready"))
                && !byTestId("train-dataset").findElements(By.cssSelector("option[value='" + datasetId + "']")).isEmpty());
        byTestId("train-reset").click();
        new Select(byTestId("train-dataset")).selectByValue(datasetId);
    }

    /** Two versions of one model; a refused field is marked first, and the largest seed comes back exactly. */
    private void trainTwoVersions(String clusters) throws IOException {
        train(clusters, "8", "7");

        openTrainingForm(clusters);
        type(byTestId("train-model-name"), MODEL);
        type(byTestId("train-learningRate"), "-1");
        byTestId("train-submit").click();
        waitFor("the refused learning rate to be marked", d -> "true".equals(attribute("train-learningRate", "aria-invalid")));
        assertThat(byTestId("train-error").getText()).containsIgnoringCase("learningRate");
        screenshot("training-config-error");
        byTestId("train-learningRate").clear();
        type(byTestId("train-seed"), "9007199254740992");
        byTestId("train-submit").click();
        waitFor("a seed of 2^53 to be refused before it is sent", d -> "true".equals(attribute("train-seed", "aria-invalid")));

        train(clusters, "4", LARGEST_SEED);
        assertThat(byTestId("job-config").getDomProperty("textContent")).contains("\"seed\": " + LARGEST_SEED);
        assertThat(byTestId("live-seed").getText()).isEqualTo(LARGEST_SEED);
    }

    private void train(String datasetId, String hidden, String seed) {
        openTrainingForm(datasetId);
        type(byTestId("train-model-name"), MODEL);
        type(byTestId("train-hiddenLayers"), hidden);
        type(byTestId("train-epochs"), "300");
        type(byTestId("train-seed"), seed);
        startAndAwaitTheModel();
    }

    /** Starts the job the form describes and waits until it has succeeded and its model's figures show. */
    private void startAndAwaitTheModel() {
        String before = byTestId("job-id").getDomAttribute("title");
        byTestId("train-submit").click();
        waitFor("the new job in the panel", d -> {
            String id = byTestId("job-id").getDomAttribute("title");
            return id != null && !id.equals(before);
        });
        String status = waitFor("the job to finish", TRAINING, d -> finished(attribute("job-status", "data-status")));
        assertThat(status).as("job status; the page says: %s", byTestId("job-panel").getText()).isEqualTo("SUCCEEDED");
        waitFor("the stored model's figures", d -> "shown".equals(attribute("job-model-figures", "data-state"))
                && byTestId("job-model-link").isDisplayed());
    }

    /** The model page: provenance, metrics, exports, then alias set and move, description and tag. */
    private void inspectTheModelAndMoveAnAlias() throws IOException {
        byTestId("job-model-link").click(); // version 2, seed 2^53 − 1
        waitFor("the model page", d -> byTestId("model-detail").isDisplayed() && points("chart-history-loss") > 0);
        assertThat(byTestId("model-title").getText()).contains(MODEL).contains("v2");
        assertThat(byTestId("provenance-seed").getText()).isEqualTo(LARGEST_SEED);
        assertThat(byTestId("provenance-sha").getText()).matches("[0-9a-f]{64}");
        assertThat(byTestId("provenance-best-epoch").getText()).matches("\\d+.*");
        assertThat(all("confusion-cell")).hasSize(9);
        assertThat(attribute("model-export", "href")).endsWith("/export");
        assertThat(attribute("model-onnx", "href")).endsWith("/export?format=onnx");
        assertThat(attribute("chart-history-loss", "data-markers")).as("the best epoch is marked").matches("\\d+");
        byTestId("history-log").click();
        waitFor("the loss chart on a log scale", d -> attribute("chart-history-loss", "aria-label").contains("log scale"));
        new Actions(browser).moveToElement(byTestId("chart-history-loss").findElement(By.cssSelector(".u-over"))).perform();
        WebElement tip = waitFor("a tooltip with the epoch's values", d -> {
            WebElement t = byTestId("chart-history-loss").findElement(By.cssSelector(".chart-tip"));
            return t.isDisplayed() ? t : null;
        });
        assertThat(tip.getText()).contains("epoch").contains("training:");
        screenshot("model");

        setAlias("champion", "1");
        waitFor("the version list to show the alias on v1", d -> optionText("alias-version", "1").contains("@champion"));
        assertThat(all("alias-chip")).isEmpty();
        setAlias("champion", "2"); // moves it
        waitFor("the alias on this version", d -> all("alias-chip").size() == 1
                && "champion".equals(all("alias-chip").get(0).getDomAttribute("data-alias")));
        assertThat(optionText("alias-version", "1")).doesNotContain("@champion");

        type(byTestId("meta-description"), "four hidden units, the largest seed");
        byTestId("meta-add-tag").click();
        type(last("tag-key"), "team");
        type(last("tag-value"), MODEL);
        byTestId("meta-submit").click();
        waitFor("the description and tag to be saved", d -> "Saved.".equals(byTestId("meta-status").getText()));
        screenshot("model-alias-and-tags");
    }

    private void setAlias(String alias, String version) {
        type(byTestId("alias-name"), alias);
        new Select(byTestId("alias-version")).selectByValue(version);
        byTestId("alias-submit").click();
        waitFor("the alias form to clear", d -> byTestId("alias-name").getDomProperty("value").isEmpty());
    }

    /** Filter by tag and name, then compare the two versions side by side. */
    private void filterAndCompare() throws IOException {
        open("#models");
        waitFor("the model list", d -> !all("model-row").isEmpty());
        type(byTestId("models-tag"), "team:" + MODEL);
        byTestId("models-tag").sendKeys("\n");
        waitFor("only the tagged model", d -> all("model-row").size() == 1);
        assertThat(all("model-row").get(0).getDomAttribute("data-version")).isEqualTo("2");
        byTestId("models-tag").clear();
        byTestId("models-tag").sendKeys("\n");
        waitFor("every model again", d -> all("model-row").size() >= 4);
        type(byTestId("models-name"), MODEL);
        waitFor("the two versions", d -> all("model-row").size() == 2);
        byTestId("sort-metric").click();
        tickTheFirstTwo();
        byTestId("models-compare").click();
        waitFor("the comparison", d -> byTestId("compare").isDisplayed() && all("compare-model").size() == 2
                && points("chart-compare-loss") > 0);
        assertThat(compareRow("hiddenLayers").getDomAttribute("data-differs")).isEqualTo("true");
        assertThat(compareRow("seed").getText()).contains(LARGEST_SEED).contains("7");
        assertThat(compareRow("activation").getDomAttribute("data-differs")).isEqualTo("false");
        assertThat(byTestId("chart-compare-loss").findElements(By.cssSelector(".u-legend .u-series"))).hasSize(2);
        byTestId("compare-diff").click();
        assertThat(compareRow("activation").isDisplayed()).isFalse();
        assertThat(compareRow("hiddenLayers").isDisplayed()).isTrue();
        screenshot("compare");
    }

    /** One row (a bad value first: its field is marked), then a CSV file whose results show as a table. */
    private void predictOneRowAndAFile() throws IOException {
        open("#predict");
        waitFor("the alias among the models", d -> !byTestId("predict-model")
                .findElements(By.cssSelector("option[value='" + MODEL + "@champion']")).isEmpty());
        new Select(byTestId("predict-model")).selectByValue(MODEL + "@champion");
        waitFor("the prediction form for the model", d -> !attribute("predict-inputs", "data-model-id").isEmpty());
        List<WebElement> inputs = byTestId("predict-inputs").findElements(By.tagName("input"));
        assertThat(inputs).extracting(i -> i.getDomAttribute("data-feature")).containsExactly("x", "y");
        type(inputs.get(0), "nine and a half");
        type(inputs.get(1), "0.5");
        byTestId("predict-submit").click();
        waitFor("the bad value's field to be marked", d -> "true".equals(attribute("predict-input-0", "aria-invalid")));
        assertThat(byTestId("predict-error").getText()).contains("x");
        screenshot("prediction-error");

        type(inputs.get(0), "9.5");
        byTestId("predict-submit").click();
        waitFor("the prediction result", d -> byTestId("predict-result").isDisplayed());
        assertThat(byTestId("predict-label").getText()).isEqualTo("east");
        assertThat(attribute("predict-input-0", "aria-invalid")).isEmpty();
        assertThat(all("probability-bar")).hasSize(3);

        inputs.get(1).clear(); // sent as null: the server imputes it and says so
        byTestId("predict-submit").click();
        waitFor("a warning about the missing value", d -> !all("predict-warning").isEmpty());
        assertThat(all("predict-warning").get(0).getText()).contains("y").contains("missing");

        Path bad = temp.resolve("bad.csv");
        Files.writeString(bad, "x,y\n9.6,0.2\n0.1,abc\n", StandardCharsets.UTF_8);
        byTestId("batch-file").sendKeys(bad.toAbsolutePath().toString());
        byTestId("batch-submit").click();
        waitFor("the bad cell marked in the file's rows", d -> !all("batch-invalid-cell").isEmpty());
        assertThat(all("batch-invalid-cell")).extracting(WebElement::getText).containsExactly("abc");
        assertThat(byTestId("batch-error").getText()).contains("y");
        screenshot("prediction-batch-error");

        Path batch = temp.resolve("points.csv");
        Files.writeString(batch, "x,y,zone\n9.6,0.2,?\n0.1,9.8,?\n0.3,-0.2,?\n", StandardCharsets.UTF_8);
        byTestId("batch-file").sendKeys(batch.toAbsolutePath().toString());
        byTestId("batch-submit").click();
        waitFor("a prediction per row", d -> all("batch-row").size() == 3);
        assertThat(all("batch-label")).extracting(WebElement::getText).containsExactly("east", "north", "origin");
        assertThat(attribute("batch-download", "href")).startsWith("blob:");
        assertThat(attribute("batch-download", "download")).isEqualTo("points-predictions.csv");
        screenshot("prediction-batch");
    }

    /** A numeric label with many values trains a regression: its own metrics, and a value predicted. */
    private void aRegressionModel() throws IOException {
        String line = upload("line.csv", lineCsv(), "line");
        assertThat(byTestId("dataset-label").getText()).contains("regression");
        openTrainingForm(line);
        assertThat(byTestId("train-task").getText()).as("the task default follows the label").startsWith("regression (default)");
        waitFor("the defaults of a job on this dataset", d -> byTestId("train-loss").getText().startsWith("mse (default)"));
        assertThat(byTestId("train-outputActivation").getText()).startsWith("linear (default)");
        assertThat(byTestId("train-task-note").isDisplayed()).as("no note: the defaults shown are this dataset's").isFalse();
        startAndAwaitTheModel(); // the defaults: the task follows the numeric label
        assertThat(byTestId("job-model-numbers").getText()).contains("Test RMSE").contains("Test R²");
        byTestId("job-model-link").click();
        waitFor("the regression model's page", d -> "regression".equals(attribute("model-detail", "data-task"))
                && points("chart-history-loss") > 0);
        assertThat(byTestId("model-metrics").getText()).contains("RMSE").contains("R²").doesNotContain("Accuracy");
        assertThat(browser.findElement(By.id("model-class-cards")).isDisplayed()).as("no confusion matrix").isFalse();
        String modelId = attribute("model-detail", "data-model-id");
        byTestId("model-predict").click();
        waitFor("the prediction form for the regression model", d -> modelId.equals(attribute("predict-inputs", "data-model-id")));
        List<WebElement> inputs = byTestId("predict-inputs").findElements(By.tagName("input"));
        type(inputs.get(0), "1");
        type(inputs.get(1), "2");
        byTestId("predict-submit").click();
        waitFor("the predicted value", d -> byTestId("predict-result").isDisplayed());
        assertThat(browser.findElement(By.id("predict-kind")).getText()).isEqualTo("Value");
        assertThat(Double.parseDouble(byTestId("predict-label").getText())).as("3·1 − 2·2 + 10").isBetween(5.0, 13.0);
        assertThat(all("probability-bar")).isEmpty();
        screenshot("prediction-regression");
    }

    /** An exported document (fetched as the Export JSON link would) imported from the page, then deleted there. */
    private void importAndDeleteAModel() throws IOException {
        String modelId = attribute("model-detail", "data-model-id"); // the regression model, still on its page
        Path document = temp.resolve("exported.json");
        try {
            HttpResponse<Path> export = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "api/v1/models/" + modelId + "/export")).build(),
                    HttpResponse.BodyHandlers.ofFile(document));
            assertThat(export.statusCode()).isEqualTo(200);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        open("#models");
        byTestId("import-file").sendKeys(document.toAbsolutePath().toString());
        type(byTestId("import-name"), MODEL + "-copy");
        byTestId("import-submit").click();
        waitFor("the imported model's page", d -> byTestId("model-detail").isDisplayed()
                && byTestId("model-title").getText().startsWith(MODEL + "-copy v1"));
        String copy = attribute("model-detail", "data-model-id");
        assertThat(copy).isNotEqualTo(modelId);
        assertThat(byTestId("model-provenance").getText()).contains("imported");
        byTestId("model-delete").click();
        byTestId("model-delete-confirm").click();
        waitFor("the model list without the copy", d -> byTestId("models-list").isDisplayed() && !all("model-row").isEmpty()
                && browser.findElements(By.cssSelector("[data-testid=model-row][data-id='" + copy + "']")).isEmpty());
    }

    private void deleteADataset(String datasetId) {
        open("#datasets/" + datasetId);
        waitFor("the dataset's page", d -> datasetId.equals(attribute("dataset-detail", "data-dataset-id"))
                && "loaded".equals(attribute("dataset-detail", "data-state")));
        byTestId("dataset-delete").click();
        byTestId("dataset-delete-confirm").click();
        waitFor("the dataset to leave the list", d -> "loaded".equals(attribute("datasets-body", "data-state"))
                && browser.findElements(By.cssSelector("[data-testid=dataset-row][data-id='" + datasetId + "']")).isEmpty());
    }

    /** At 390 px every screen fits: no sideways scrolling, no table wider than the page. */
    private void everyScreenFitsAPhone() throws IOException {
        browser.manage().window().setSize(PHONE);
        Map<String, Function<WebDriver, Boolean>> screens = Map.of(
                "#datasets/iris", d -> all("feature-row").size() == 4,
                "#training", d -> !all("job-row").isEmpty() && "true".equals(attribute("train-form", "data-ready")),
                "#models", d -> !all("model-row").isEmpty(),
                "#predict", d -> !attribute("predict-inputs", "data-model-id").isEmpty());
        for (String screen : List.of("#datasets/iris", "#training", "#models", "#predict")) {
            open(screen);
            waitFor("the screen " + screen + " at phone width", screens.get(screen));
            assertFitsThePhone(screen);
            screenshot("phone-" + screen.substring(1).replace('/', '-'));
        }
        open("#models");
        waitFor("the model list", d -> all("compare-check").size() >= 2);
        tickTheFirstTwo();
        byTestId("models-compare").click();
        waitFor("the comparison at phone width", d -> byTestId("compare").isDisplayed() && all("compare-model").size() == 2
                && points("chart-compare-loss") > 0);
        assertFitsThePhone("the comparison");
        screenshot("phone-compare");
        browser.manage().window().setSize(DESKTOP);
    }

    /** Ticks the compare boxes of the first two rows (the page remembers ticks across visits). */
    private void tickTheFirstTwo() {
        List<WebElement> boxes = all("compare-check");
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).isSelected() != i < 2) {
                boxes.get(i).click();
            }
        }
        waitFor("two models ticked", d -> byTestId("models-compare").isEnabled());
    }

    private void assertFitsThePhone(String screen) {
        Object overflow = browser.executeScript(
                "const w = document.documentElement.clientWidth;"
                        + "const name = (n) => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className ? '.' + n.className : '');"
                        + "const wide = (sel) => [...document.querySelectorAll(sel)].filter(n => n.offsetParent !== null"
                        + "  && n.getBoundingClientRect().right > w + 1);"
                        + "return {page: document.documentElement.scrollWidth - w, tables: wide('table').map(name).join(','),"
                        + "  widest: wide('main *').slice(-3).map(name).join(', ')};");
        assertThat(overflow).as("sideways overflow on %s: %s", screen, overflow)
                .extracting("page", "tables").containsExactly(0L, "");
    }

    private void darkMode() throws IOException {
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        open("#models");
        waitFor("the model list", d -> !all("model-row").isEmpty());
        all("model-row").get(0).findElement(By.tagName("a")).click();
        waitFor("a model's charts in dark mode", d -> points("chart-history-loss") > 0);
        Object background = browser.executeScript("return getComputedStyle(document.documentElement).backgroundColor");
        assertThat(background).isEqualTo("rgb(16, 21, 28)");
        screenshot("dark-model");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    // ───────────────────────────── helpers ─────────────────────────────

    /** Goes to a screen as a link would, at the top of the page. */
    private void open(String hash) {
        browser.get(baseUrl() + hash);
        browser.executeScript("window.scrollTo(0, 0)");
    }

    private static String finished(String status) {
        return FINISHED.contains(status) ? status : null;
    }

    private int points(String testId) {
        return Integer.parseInt("0" + attribute(testId, "data-points"));
    }

    private WebElement jobRow(String jobId) {
        List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid=job-row][data-id='" + jobId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private WebElement compareRow(String label) {
        return browser.findElement(By.cssSelector("[data-testid=compare-row][data-row='" + label + "']"));
    }

    private String optionText(String selectTestId, String value) {
        return byTestId(selectTestId).findElement(By.cssSelector("option[value='" + value + "']")).getText();
    }

    /** A screenshot at phone width with the element of this data-testid at the top. */
    private void phoneScreenshot(String name, String testId) throws IOException {
        browser.manage().window().setSize(PHONE);
        waitFor("the page to lay out for a phone", d -> ((Number) browser.executeScript(
                "return document.documentElement.clientWidth")).intValue() <= PHONE.width);
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", byTestId(testId));
        screenshot(name);
        browser.manage().window().setSize(DESKTOP);
    }

    private <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(what, Duration.ofSeconds(30), condition);
    }

    /** Waits on a condition of the page; a timeout names what was awaited and the errors the page shows. */
    private <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, timeout).ignoring(NoSuchElementException.class)
                    .ignoring(StaleElementReferenceException.class).until(condition);
        }
        catch (TimeoutException timedOut) {
            String errors = browser.findElements(By.cssSelector(".error")).stream()
                    .filter(WebElement::isDisplayed)
                    .map(e -> e.getText().replace('\n', ' '))
                    .collect(Collectors.joining(" | "));
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + (errors.isEmpty() ? " (the page shows no error)" : ". The page says: " + errors)
                    + ". Browser console: " + console(), timedOut);
        }
    }

    private List<String> console() {
        browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).forEach(console::add);
        return console;
    }

    private String baseUrl() {
        String external = System.getProperty("dashboard.base-url");
        return (external == null || external.isBlank()) ? "http://localhost:" + port + "/" : external;
    }

    /** An attribute of the element with this data-testid; "" when it is absent. */
    private String attribute(String testId, String name) {
        String value = byTestId(testId).getDomAttribute(name);
        return value == null ? "" : value;
    }

    private WebElement byTestId(String testId) {
        return browser.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    private List<WebElement> all(String testId) {
        return browser.findElements(By.cssSelector("[data-testid='" + testId + "']")).stream()
                .filter(WebElement::isDisplayed).toList();
    }

    private WebElement last(String testId) {
        List<WebElement> found = all(testId);
        return found.get(found.size() - 1);
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private void screenshot(String name) throws IOException {
        step++;
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(String.format("dashboard-%02d-%s.png", step, name)),
                StandardCopyOption.REPLACE_EXISTING);
        String readmeShot = System.getProperty("dashboard.readme-screenshot");
        if (README_SHOT.equals(name) && readmeShot != null && !readmeShot.isBlank()) {
            Path target = Paths.get(readmeShot);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String clustersCsv() {
        StringBuilder csv = new StringBuilder("x,y,zone\n");
        double[][] centres = { { 0, 0 }, { 10, 0 }, { 0, 10 } };
        String[] zones = { "origin", "east", "north" };
        for (int i = 0; i < 12; i++) {
            for (int c = 0; c < centres.length; c++) {
                double dx = ((i * 7 + c * 3) % 11) / 10.0 - 0.5; // deterministic jitter in [-0.5, 0.5]
                double dy = ((i * 5 + c * 2) % 11) / 10.0 - 0.5;
                csv.append(centres[c][0] + dx).append(',').append(centres[c][1] + dy).append(',').append(zones[c]).append('\n');
            }
        }
        return csv.toString();
    }

    /** y = 3·a − 2·b + 10 plus a little noise, 300 rows: a numeric label with many values, so a regression. */
    private static String lineCsv() {
        Random random = new Random(53);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 300; i++) {
            double a = random.nextDouble() * 4 - 2;
            double b = random.nextDouble() * 4 - 2;
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f%n", a, b, 3 * a - 2 * b + 10 + random.nextGaussian() * 0.1));
        }
        return csv.toString();
    }

    /**
     * Three noisy concentric rings in (x, y) plus four noise columns, 100 000 rows (4.5 MB): the
     * default configuration learns them to about 98 %, and trains for several seconds here, so
     * the live chart has time to fill while the job runs.
     */
    private static String ringsCsv() {
        Random random = new Random(14);
        String[] rings = { "inner", "middle", "outer" };
        StringBuilder csv = new StringBuilder(4_600_000).append("x,y,n1,n2,n3,n4,ring\n");
        for (int i = 0; i < 100_000; i++) {
            int ring = random.nextInt(3);
            double radius = 1 + ring + random.nextDouble() - 0.5;
            double angle = random.nextDouble() * 2 * Math.PI;
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s%n", radius * Math.cos(angle),
                    radius * Math.sin(angle), random.nextGaussian(), random.nextGaussian(), random.nextGaussian(),
                    random.nextGaussian(), rings[ring]));
        }
        return csv.toString();
    }
}
