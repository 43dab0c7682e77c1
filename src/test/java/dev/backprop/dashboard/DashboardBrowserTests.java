package dev.backprop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Drives the dashboard at {@code /} in Debian's headless Chromium as a new user would: upload a
 * CSV, train on it while the live chart fills, open the model, predict one row. Every wait is on
 * a condition of the page; a screenshot of each step lands in {@code target/screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (packages {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). The driver path is set explicitly
 * so that Selenium Manager never tries to download anything.
 *
 * <p>{@code -Ddashboard.base-url=http://host:port/} points the same steps at an already running
 * server instead of the one this test starts. {@code -Ddashboard.readme-screenshot=docs/dashboard.png}
 * also copies the "training succeeded" screenshot there, for the README.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DashboardBrowserTests {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    /** Three well separated clusters in two features: any sensible network learns them. */
    private static final String CSV = clustersCsv();

    @LocalServerPort
    int port;

    @TempDir
    Path temp;

    private ChromeDriver browser;
    private int step;

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
                "--disable-dev-shm-usage", "--window-size=1280,800",
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
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void uploadTrainInspectAndPredictFromThePage() throws IOException {
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
        // 1. the page opens on the dataset list
        browser.get(baseUrl());
        waitFor("the dataset list to load", d -> "loaded".equals(attribute("datasets-body", "data-state")));
        screenshot("home");

        // 2. upload a CSV through the file picker
        Path csv = temp.resolve("clusters.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        byTestId("upload-file").sendKeys(csv.toAbsolutePath().toString());
        byTestId("upload-name").sendKeys("clusters");
        byTestId("upload-submit").click();
        waitFor("the uploaded dataset's summary", d -> "clusters".equals(byTestId("dataset-title").getText()));
        String datasetId = attribute("dataset-detail", "data-dataset-id");
        assertThat(browser.findElements(By.cssSelector("[data-testid=feature-row]"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("[data-testid=class-bar]"))).hasSize(3);
        screenshot("dataset-uploaded");

        // 3. start a short training job on it
        byTestId("tab-training").click();
        waitFor("the dataset in the training form", d -> !byTestId("train-dataset")
                .findElements(By.cssSelector("option[value='" + datasetId + "']")).isEmpty());
        new Select(byTestId("train-dataset")).selectByValue(datasetId);
        byTestId("train-model-name").sendKeys("clusters-browser-test");
        byTestId("train-hidden").sendKeys("8");
        byTestId("train-epochs").sendKeys("300");
        byTestId("train-seed").sendKeys("7");
        byTestId("train-submit").click();
        waitFor("the job panel to show the new job", d -> byTestId("job-status").isDisplayed());
        screenshot("training-started");

        // 4. the live chart shows points (from progress events, or from the history once done)
        Duration training = Duration.ofSeconds(120);
        waitFor("points on the live loss chart", training,
                d -> Integer.parseInt("0" + attribute("chart-live-loss", "data-points")) > 0);
        screenshot("chart-has-points");

        // 5. the job succeeds and links its model
        String status = waitFor("the job to finish", training, d -> {
            String s = attribute("job-status", "data-status");
            return FINISHED.contains(s) ? s : null;
        });
        assertThat(status).as("job status; page says: %s", byTestId("job-panel").getText()).isEqualTo("SUCCEEDED");
        waitFor("a link to the trained model", d -> byTestId("job-model-link").isDisplayed());
        screenshot("training-succeeded");

        // 6. the model page shows metrics, the confusion matrix and the history chart
        byTestId("job-model-link").click();
        waitFor("the model page", d -> byTestId("model-detail").isDisplayed());
        waitFor("points on the history chart",
                d -> Integer.parseInt("0" + attribute("chart-history-loss", "data-points")) > 0);
        assertThat(byTestId("model-title").getText()).contains("clusters-browser-test");
        assertThat(browser.findElements(By.cssSelector("[data-testid=confusion-cell]"))).hasSize(9);
        assertThat(attribute("model-export", "href")).endsWith("/export");
        screenshot("model");

        // 7. predict a point deep inside the "east" cluster
        byTestId("model-predict").click();
        waitFor("the prediction form for the model",
                d -> !attribute("predict-inputs", "data-model-id").isEmpty());
        List<WebElement> inputs = byTestId("predict-inputs").findElements(By.tagName("input"));
        assertThat(inputs).extracting(i -> i.getDomAttribute("data-feature")).containsExactly("x", "y");
        type(inputs.get(0), "9.5");
        type(inputs.get(1), "0.5");
        byTestId("predict-submit").click();
        waitFor("the prediction result", d -> byTestId("predict-result").isDisplayed());
        assertThat(byTestId("predict-label").getText()).isEqualTo("east");
        assertThat(browser.findElements(By.cssSelector("[data-testid=probability-bar]"))).hasSize(3);
        screenshot("prediction");

        // 8. the same page at a phone's width
        browser.manage().window().setSize(new Dimension(390, 844));
        waitFor("the label at phone width", d -> byTestId("predict-label").isDisplayed());
        screenshot("prediction-mobile");

        // 9. the page's Content-Security-Policy refused nothing it uses (scripts, styles, images, API calls)
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .extracting(LogEntry::getMessage)
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Refused to"));
    }

    private <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(what, Duration.ofSeconds(30), condition);
    }

    /** Waits on a condition of the page; a timeout names what was awaited and the errors the page shows. */
    private <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, timeout).ignoring(NoSuchElementException.class).until(condition);
        }
        catch (TimeoutException timedOut) {
            String errors = browser.findElements(By.cssSelector(".error")).stream()
                    .filter(WebElement::isDisplayed)
                    .map(e -> e.getText().replace('\n', ' '))
                    .collect(Collectors.joining(" | "));
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + (errors.isEmpty() ? " (the page shows no error)" : ". The page says: " + errors), timedOut);
        }
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
        if ("training-succeeded".equals(name) && readmeShot != null && !readmeShot.isBlank()) {
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
}
