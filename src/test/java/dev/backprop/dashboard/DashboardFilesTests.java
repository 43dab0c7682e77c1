package dev.backprop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.webjars.WebJarVersionLocator;

/**
 * The dashboard's files as the jar serves them (no server, no browser): nothing in them that the
 * page's Content-Security-Policy would refuse or that would put API text into the page as HTML,
 * every module they import exists, and the charting library and its licence are in the jar.
 * DashboardBrowserTests shows the same page working; this names the line when a rule breaks.
 */
class DashboardFilesTests {

    private static final Pattern IMPORT = Pattern.compile("(?m)^import .* from '([^']+)';$");

    @Test
    void thePageHasNothingInlineThePolicyWouldRefuse() throws IOException {
        String page = read(staticRoot().resolve("index.html"));
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContainPattern("<style\\b")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("javascript:")
                .doesNotContain("http://").doesNotContain("https://"); // no CDN: every file comes from the service
    }

    @Test
    void noScriptWritesHtmlOrStyleAttributes() throws IOException {
        for (Path script : scripts()) {
            assertThat(read(script)).as(script.getFileName().toString())
                    .doesNotContainPattern("\\.(inner|outer)HTML\\s*=")
                    .doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write")
                    .doesNotContain("setAttribute('style'")
                    .doesNotContain("cssText")
                    .doesNotContainPattern("\\beval\\(")
                    .doesNotContain("new Function");
        }
    }

    @Test
    void everyImportedModuleExists() throws IOException {
        for (Path script : scripts()) {
            Matcher imports = IMPORT.matcher(read(script));
            while (imports.find()) {
                String target = imports.group(1);
                if (target.contains("/webjars/")) {
                    continue; // served from the WebJar, checked below
                }
                assertThat(script.getParent().resolve(target).normalize()).as("%s imports %s", script.getFileName(), target)
                        .isRegularFile();
            }
        }
    }

    @Test
    void uPlotAndItsLicenceAreInTheJar() throws IOException {
        String version = new WebJarVersionLocator().version("uplot");
        assertThat(version).as("the org.webjars.npm:uplot WebJar on the classpath").isNotNull();
        String base = "META-INF/resources/webjars/uplot/" + version + "/";
        assertThat(resource(base + "dist/uPlot.esm.js")).isNotEmpty();
        assertThat(resource(base + "dist/uPlot.min.css")).isNotEmpty();
        assertThat(resource(base + "LICENSE")).contains("MIT License");
        assertThat(read(staticRoot().resolve("js/charts.js"))).contains("from '../webjars/uplot/dist/uPlot.esm.js'");
        assertThat(read(staticRoot().resolve("index.html"))).contains("uPlot</strong> " + version);
    }

    private static Path staticRoot() {
        try {
            return Path.of(DashboardFilesTests.class.getResource("/static/index.html").toURI()).getParent();
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(staticRoot())) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
            assertThat(scripts).as("the dashboard's scripts").isNotEmpty();
            return scripts;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardFilesTests.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
