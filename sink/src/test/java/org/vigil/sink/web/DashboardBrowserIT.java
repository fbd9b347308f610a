package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.openqa.selenium.support.ui.Select;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) on the sink
 * stage running on the embedded platform: the trends are drawn (one small chart per kind, rates and counts, and a
 * table) from the API's numbers, the bias audit's 95% intervals are drawn from the API's bounds, a clinician opens an
 * alert, sees its evidence highlighted, adjudicates it, and the adjudication is stored. Screenshots go to target/screenshots/.
 * Skipped, with the reason, where Chromium or its driver is not installed.
 */
class DashboardBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Instant FIRST_DAY = Instant.parse("2031-01-06T08:00:00Z");

    @TempDir
    static Path dataDir;
    private static RunningSink sink;
    private static WebDriver browser;
    private static long weeks;

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
        Instant last = FIRST_DAY;
        for (int i = 0; i < notes.size(); i++) {
            Instant noteDate = FIRST_DAY.plus(Duration.ofHours((i * 37L) % (84 * 24)));
            assessments.add(SyntheticAssessments.assessment(notes.get(i), noteDate));
            last = noteDate.isAfter(last) ? noteDate : last;
        }
        // FIRST_DAY is a Monday: every week from its own to the last note's.
        LocalDate lastDay = LocalDate.ofInstant(last, ZoneOffset.UTC);
        weeks = ChronoUnit.WEEKS.between(LocalDate.ofInstant(FIRST_DAY, ZoneOffset.UTC),
                lastDay.minusDays(lastDay.getDayOfWeek().getValue() - 1L)) + 1;
        sink.publishAndAwait(assessments, assessments.size());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1500");
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
    void analystSeesTrendsDrawnFromTheApiAndClinicianAdjudicatesAnAlertThatIsStored() throws IOException {
        String analyst = sink.stage().issueToken("analyst", "browser analyst");
        String clinician = sink.stage().issueToken("clinician", "browser clinician");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        signInByLink(analyst);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-charts figure.multiple svg circle.point")));
        assertThat(browser.findElement(By.id("who-role")).getText()).isEqualTo("analyst");
        assertThat(browser.findElement(By.id("tab-alerts")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("trend-charts")).getAttribute("data-query")).contains("bucket=month");
        assertChartsDrawnFromTheApi(analyst, "rate");
        screenshot("1-trends-charts-rate-month-analyst.png");

        new Select(browser.findElement(By.id("trend-bucket"))).selectByValue("week");
        browser.findElement(By.cssSelector("#trend-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeContains(By.id("trend-charts"), "data-query", "bucket=week"));
        JsonNode weekly = assertChartsDrawnFromTheApi(analyst, "rate");
        assertThat(weekly.get("buckets")).hasSize((int) weeks);
        assertThat(weekly.get("buckets").get(0).asText()).isEqualTo("2031-01-06");
        // Some kinds are rare enough for hidden weeks: the page must mark them without a number.
        assertThat(browser.findElements(By.cssSelector("#trend-charts circle.hidden-cell"))).isNotEmpty();
        screenshot("2-trends-charts-rate-week-analyst.png");

        new Select(browser.findElement(By.id("trend-metric"))).selectByValue("count");
        wait.until(ExpectedConditions.attributeToBe(By.id("trend-charts"), "data-metric", "count"));
        assertChartsDrawnFromTheApi(analyst, "count");
        screenshot("3-trends-charts-count-week-analyst.png");

        new Select(browser.findElement(By.id("trend-metric"))).selectByValue("rate");
        browser.findElement(By.id("view-table")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("trend-table")));
        assertThat(browser.findElement(By.id("trend-charts")).isDisplayed()).isFalse();
        assertTableHoldsTheApisRates(analyst, weekly);
        screenshot("4-trends-table-week-analyst.png");
        browser.findElement(By.id("trend-csv")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Exported vigil-trends-week.csv"));

        browser.findElement(By.id("tab-bias")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#bias-table tbody tr td")));
        assertThat(browser.findElements(By.cssSelector("#bias-table tbody tr")).size()).isGreaterThanOrEqualTo(2);
        screenshot("5-bias-audit-analyst.png");

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
        new Select(browser.findElement(By.id("reason"))).selectByValue("TIER_TOO_LOW");
        browser.findElement(By.id("adjudicate")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adjudication-status"), "recorded"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("6-alert-adjudicated-clinician.png");

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
        screenshot("7-cohort-builder-researcher.png");
        assertThat(browser.findElement(By.id("cohort-count")).getText()).isEqualTo(Long.toString(expected));
    }

    @Test
    void analystSeesTheBiasAuditsIntervalsDrawnFromTheApisNumbers() throws IOException {
        // Half of the alerts adjudicated through the API, women's more often judged false alarms; the rest stay open.
        String clinician = sink.stage().issueToken("clinician", "browser bias clinician");
        List<List<String>> alerts = Rows.query(sink.database(), "SELECT a.note_id, n.sex FROM alerts a JOIN notes n"
                + " ON n.note_id = a.note_id WHERE a.status = 'OPEN' ORDER BY a.note_id");
        assertThat(alerts.size()).isGreaterThan(40);
        for (int i = 0; i < alerts.size(); i += 2) {
            boolean falseAlarm = alerts.get(i).get(1).equals("F") ? i % 4 != 0 : i % 10 == 0;
            assertThat(sink.post("api/alerts/" + alerts.get(i).get(0) + "/adjudication", clinician, falseAlarm
                    ? "{\"verdict\":\"FALSE_POSITIVE\",\"reason\":\"TEMPLATE_TEXT\"}" : "{\"verdict\":\"TRUE_POSITIVE\"}")
                    .status()).isEqualTo(201);
        }
        String analyst = sink.stage().issueToken("analyst", "browser bias analyst");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signInByLink(analyst);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-bias"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#bias-table tbody tr.overall svg.ci-plot")));
        String query = browser.findElement(By.id("bias-table")).getAttribute("data-query");
        assertThat(query).contains("kind=SUICIDAL_IDEATION");
        JsonNode bias = JSON.readTree(sink.get("api/bias?" + query, analyst).body());

        List<JsonNode> expected = new ArrayList<>();
        expected.add(bias.get("overall"));
        bias.get("groups").forEach(expected::add);
        List<WebElement> rows = browser.findElements(By.cssSelector("#bias-table tbody tr"));
        assertThat(rows).hasSize(expected.size());
        int drawn = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode group = expected.get(i);
            WebElement tr = rows.get(i);
            if (i > 0) {
                // Same order as the API's: age bands by age.
                assertThat(tr.getAttribute("data-attribute")).isEqualTo(group.get("attribute").asText());
                assertThat(tr.getAttribute("data-value")).isEqualTo(group.get("value").asText());
            }
            List<WebElement> cells = tr.findElements(By.tagName("td"));
            assertThat(cells.get(2).getText()).isEqualTo(group.get("notes").get("display").asText());
            assertThat(cells.get(3).getText()).isEqualTo(group.get("withSignal").get("display").asText());
            assertThat(cells.get(6).getText()).isEqualTo(group.get("adjudicated").get("display").asText());
            assertThat(cells.get(7).getText()).isEqualTo(group.get("falseAlarms").get("display").asText());
            drawn += assertIntervalDrawn(tr.findElement(By.cssSelector("svg.ci-plot.signal")), group.get("signalRate"));
            drawn += assertIntervalDrawn(tr.findElement(By.cssSelector("svg.ci-plot.false-alarm")), group.get("falseAlarmRate"));
        }
        assertThat(drawn).isGreaterThan(expected.size());
        List<String> bands = new ArrayList<>();
        bias.get("groups").forEach(g -> {
            if (g.get("attribute").asText().equals("ageBand")) {
                bands.add(g.get("value").asText());
            }
        });
        // The generator's bands, youngest first (the API test covers bands whose text order differs).
        assertThat(bands).hasSizeGreaterThanOrEqualTo(4).isEqualTo(
                List.of("0-17", "18-25", "26-44", "45-64", "65-89", "90+").stream().filter(bands::contains).toList());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("8-bias-audit-intervals-analyst.png");
    }

    /**
     * The interval's bar spans the API's bounds and its dot sits on the rate, on the scale the plot states; a rate the
     * small-cell rule hides draws nothing; a flagged difference is drawn as flagged. Returns 1 when a bar is drawn.
     */
    private static int assertIntervalDrawn(WebElement svg, JsonNode rate) {
        List<WebElement> bars = svg.findElements(By.cssSelector("line.ci"));
        if (rate.get("interval").isNull()) {
            assertThat(bars).isEmpty();
            assertThat(svg.findElements(By.cssSelector("circle.estimate"))).isEmpty();
            return 0;
        }
        double max = Double.parseDouble(svg.getAttribute("data-max"));
        double width = Double.parseDouble(svg.getAttribute("width"));
        double lower = rate.get("interval").get("lower").asDouble();
        double upper = rate.get("interval").get("upper").asDouble();
        assertThat(upper).isLessThanOrEqualTo(max);
        assertThat(bars).hasSize(1);
        assertThat(Double.parseDouble(bars.get(0).getAttribute("x1"))).isCloseTo(lower / max * width, within(0.01));
        assertThat(Double.parseDouble(bars.get(0).getAttribute("x2"))).isCloseTo(upper / max * width, within(0.01));
        assertThat(Double.parseDouble(svg.findElement(By.cssSelector("circle.estimate")).getAttribute("cx")))
                .isCloseTo(rate.get("value").asDouble() / max * width, within(0.01));
        assertThat(bars.get(0).getAttribute("class").contains("flagged")).isEqualTo(!rate.get("difference").isNull());
        return 1;
    }

    /**
     * Every point the charts draw carries the number the API gives for its kind, assertion and bucket, at the height
     * that number maps to on its panel's axis; every hidden cell is marked and has no number.
     */
    private static JsonNode assertChartsDrawnFromTheApi(String token, String metric) throws IOException {
        String query = browser.findElement(By.id("trend-charts")).getAttribute("data-query");
        JsonNode trends = JSON.readTree(sink.get("api/trends?" + query, token).body());
        Set<String> kinds = new TreeSet<>();
        int drawn = 0;
        int hidden = 0;
        for (JsonNode series : trends.get("series")) {
            kinds.add(series.get("kind").asText());
            WebElement svg = browser.findElement(By.cssSelector("#trend-charts figure[data-kind=" + series.get("kind").asText() + "] svg"));
            double top = Double.parseDouble(svg.getAttribute("data-plot-top"));
            double bottom = Double.parseDouble(svg.getAttribute("data-plot-bottom"));
            double max = Double.parseDouble(svg.getAttribute("data-y-max"));
            for (int i = 0; i < trends.get("buckets").size(); i++) {
                JsonNode point = series.get("points").get(i);
                JsonNode value = metric.equals("rate") ? point.get("rate") : point.get("value");
                String at = "[data-assertion=" + series.get("assertion").asText() + "][data-start='" + point.get("start").asText() + "']";
                boolean hiddenCell = point.get("value").isNull()
                        || (metric.equals("rate") && trends.get("notes").get(i).get("value").isNull());
                if (hiddenCell) {
                    assertThat(svg.findElements(By.cssSelector("circle.hidden-cell" + at))).hasSize(1);
                    hidden++;
                } else if (!value.isNull()) {
                    WebElement circle = svg.findElement(By.cssSelector("circle.point" + at));
                    assertThat(Double.parseDouble(circle.getAttribute("data-value"))).isEqualTo(value.asDouble());
                    assertThat(Double.parseDouble(circle.getAttribute("cy")))
                            .isCloseTo(bottom - value.asDouble() * (bottom - top) / max, within(0.01));
                    drawn++;
                }
            }
        }
        assertThat(drawn).isPositive();
        assertThat(browser.findElements(By.cssSelector("#trend-charts circle.point"))).hasSize(drawn);
        assertThat(browser.findElements(By.cssSelector("#trend-charts circle.hidden-cell"))).hasSize(hidden);
        assertThat(browser.findElements(By.cssSelector("#trend-charts figure.multiple")).stream()
                .map(f -> f.getAttribute("data-kind")).toList()).containsExactlyElementsOf(kinds);
        return trends;
    }

    /** The table shows, per week, the notes stored and each kind's rate as the API gives them (one decimal). */
    private static void assertTableHoldsTheApisRates(String token, JsonNode trends) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#trend-table tbody tr"));
        assertThat(rows).hasSize(trends.get("buckets").size());
        for (int i = 0; i < rows.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            assertThat(cells.get(0).getText()).isEqualTo(trends.get("buckets").get(i).asText());
            assertThat(cells.get(1).getText()).isEqualTo(trends.get("notes").get(i).get("display").asText());
            for (int s = 0; s < trends.get("series").size(); s++) {
                JsonNode rate = trends.get("series").get(s).get("points").get(i).get("rate");
                String shown = cells.get(2 + s).getText();
                if (rate.isNull()) {
                    assertThat(shown).isIn("hidden", "—");
                } else {
                    assertThat(Double.parseDouble(shown)).isCloseTo(rate.asDouble(), within(0.05));
                }
            }
        }
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
