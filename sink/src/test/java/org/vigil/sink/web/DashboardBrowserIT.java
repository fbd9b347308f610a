package org.vigil.sink.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.sink.Rows;
import org.vigil.sink.RunningSink;
import org.vigil.corpus.SyntheticAssessments;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) on the sink
 * stage running on the embedded platform: the trend chart is drawn, a clinician opens an alert, sees its evidence
 * highlighted, adjudicates it, and the adjudication is stored. Screenshots go to target/screenshots/.
 * Skipped, with the reason, where Chromium or its driver is not installed.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Instant FIRST_DAY = Instant.parse("2031-01-06T08:00:00Z");

    @TempDir
    static Path dataDir;
    private static RunningSink sink;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (apt-get install -y chromium chromium-driver); the browser test is skipped");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "chromedriver is not installed at " + CHROMEDRIVER
                + " (apt-get install -y chromium-driver); the browser test is skipped");
        Files.createDirectories(SCREENSHOTS);
        sink = RunningSink.start(dataDir, Map.of());
        // 1,200 generated notes packed into 12 weeks, so weekly counts are mostly above the cell size.
        List<SyntheticNote> notes = new CorpusGenerator(11).generate(1200);
        List<RiskAssessment> assessments = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            assessments.add(SyntheticAssessments.assessment(notes.get(i),
                    FIRST_DAY.plus(Duration.ofHours((i * 37L) % (84 * 24)))));
        }
        sink.publishAndAwait(assessments, assessments.size());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()) // explicit: Selenium Manager downloads nothing
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void analystSeesTrendsAndClinicianAdjudicatesAnAlertThatIsStored() throws IOException {
        String analyst = sink.stage().issueToken("analyst", "browser analyst");
        String clinician = sink.stage().issueToken("clinician", "browser clinician");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        signInByLink(analyst);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart svg path.series")));
        List<WebElement> lines = browser.findElements(By.cssSelector("#trend-chart svg path.series"));
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0).getAttribute("d")).startsWith("M");
        assertThat(browser.findElement(By.id("who-role")).getText()).isEqualTo("analyst");
        assertThat(browser.findElement(By.id("tab-alerts")).isDisplayed()).isFalse();
        screenshot("1-trends-analyst.png");

        browser.findElement(By.id("tab-bias")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#bias-table tbody tr td")));
        assertThat(browser.findElements(By.cssSelector("#bias-table tbody tr")).size()).isGreaterThanOrEqualTo(2);
        screenshot("2-bias-audit-analyst.png");

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(clinician);
        browser.findElement(By.id("sign-in")).click();
        WebElement first = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#alerts-table tbody tr[data-note-id]")));
        String noteId = first.getAttribute("data-note-id");
        first.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#note-text mark")));
        List<String> marked = browser.findElements(By.cssSelector("#note-text mark")).stream()
                .map(WebElement::getText).toList();
        List<String> evidence = Rows.query(sink.database(), "SELECT evidence_text FROM signals WHERE note_id = '"
                + noteId + "' ORDER BY evidence_start").stream().map(r -> r.get(0)).toList();
        assertThat(String.join("", marked).replaceAll("\\s+", " ")).contains(evidence.get(0).replaceAll("\\s+", " "));

        browser.findElement(By.id("verdict-tp")).click();
        // The reason list comes from the server's coded reasons; there is no free-text box.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("reason"))).selectByValue("TIER_TOO_LOW");
        browser.findElement(By.id("adjudicate")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adjudication-status"), "recorded"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("3-alert-adjudicated-clinician.png");

        assertThat(Rows.query(sink.database(), "SELECT verdict, reason, reviewer_role FROM adjudications WHERE note_id = '"
                + noteId + "'")).containsExactly(List.of("TRUE_POSITIVE", "TIER_TOO_LOW", "clinician"));
        assertThat(browser.findElement(By.id("adjudication-history")).getText())
                .contains("Signals right, risk tier too low");
        assertThat(Rows.query(sink.database(), "SELECT status FROM alerts WHERE note_id = '" + noteId + "'"))
                .containsExactly(List.of("ADJUDICATED"));
    }

    @Test
    void researcherBuildsACohortWithALiveCount() throws IOException {
        String researcher = sink.stage().issueToken("researcher", "browser researcher");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signInByLink(researcher);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-cohorts"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cohort-kinds input[value=SUICIDAL_IDEATION]"))).click();
        long expected = Rows.count(sink.database(), "SELECT count(DISTINCT n.patient_pseudonym) FROM notes n WHERE EXISTS ("
                + "SELECT 1 FROM signals s WHERE s.note_id = n.note_id AND s.kind = 'SUICIDAL_IDEATION' AND s.assertion = 'AFFIRMED')");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cohort-count"), Long.toString(expected)));
        browser.findElement(By.id("cohort-name")).sendKeys("Affirmed SI");
        browser.findElement(By.id("cohort-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#cohorts-table tbody"), "Affirmed SI"));
        screenshot("4-cohort-builder-researcher.png");
        assertThat(browser.findElement(By.id("cohort-count")).getText()).isEqualTo(Long.toString(expected));
    }

    /** Opens the dashboard as the demo's printed link does; the query makes it a fresh page load every time. */
    private static void signInByLink(String token) {
        browser.get(sink.url() + "?load=" + System.nanoTime() + "#token=" + token);
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
