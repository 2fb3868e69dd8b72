package io.securitylake.subscriber.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.StoredDetections;
import io.securitylake.subscriber.incident.Incidents;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Incidents, Predictions and Overview pages in a real browser against the real incidents and predictions API:
 * incidents formed the way the service forms them (detections stored, then correlated), the queue's order, an
 * incident's detections and their events, a status change and a note through the page (persisted, new version),
 * a concurrent change answered 412 and reloaded, tenant isolation; a volume series with its band and a silence
 * marked, a series too young for a band; axe-core on those pages. Screenshots in target/console/.
 */
class ConsoleAnalystPagesTest extends ConsoleBrowserSupport {

    private static final String RULE = "console-inc-" + uniqueSource().substring(5);
    private static final String LOW_RULE = "console-low-" + uniqueSource().substring(5);
    private static final String USER = "console-incident-" + uniqueSource().substring(5);
    private static final String EVENTS = uniqueSource();
    private static final String YOUNG = "test_" + uniqueSource().substring(5).toUpperCase();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static String incident;
    private static String lowIncident;
    private static String banded;

    @Autowired
    Incidents incidents;

    @BeforeEach
    void seedAndOpen() {
        if (incident == null) {
            // three detections of one user's events, severities 3, 4, 5, correlated into one incident; later, a
            // Low detection of another user: a second, more recently active incident that the queue puts after it
            List<Detection> found = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Instant t = NOW.minus(50 - 10L * i, ChronoUnit.MINUTES);
                store("acme", new TestEvent(EVENTS + "-" + i, t, 3002, 3, LakeTestStack.ACME_ACCOUNT, EVENTS, "198.51.100.9", USER));
                found.add(StoredDetections.of(RULE, EVENTS + "-" + i, t.toEpochMilli(), 3 + i, List.of("t1078"),
                        StoredDetections.entity("user", USER)));
            }
            incidents.correlate("acme", StoredDetections.store(stores::dataSource, "acme", found));
            Instant later = NOW.minus(5, ChronoUnit.MINUTES);
            store("acme", new TestEvent(EVENTS + "-low", later, 3002, 2, LakeTestStack.ACME_ACCOUNT, EVENTS, "198.51.100.10", USER + "-b"));
            incidents.correlate("acme", StoredDetections.store(stores::dataSource, "acme", List.of(StoredDetections.of(LOW_RULE,
                    EVENTS + "-low", later.toEpochMilli(), 2, List.of(), StoredDetections.entity("user", USER + "-b")))));
            JdbcTemplate acme = new JdbcTemplate(stores.dataSource("acme"));
            incident = acme.queryForObject("SELECT DISTINCT incident_uid FROM detections WHERE rule_uid = ?", String.class, RULE);
            lowIncident = acme.queryForObject("SELECT DISTINCT incident_uid FROM detections WHERE rule_uid = ?", String.class, LOW_RULE);
            banded = sourceWithHourlyHistory(4);
            store("acme", new TestEvent(YOUNG + "-0", NOW.minus(3, ChronoUnit.HOURS), 3002, 1, LakeTestStack.ACME_ACCOUNT, YOUNG,
                    "192.0.2.1", "alice"));
        }
        openBrowser();
        browser.width(1280);
    }


    private JsonNode incidentJson(String uid) {
        return get("/api/v1/incidents/" + uid, ACME_KEY).json();
    }

    /**
     * The queue's text once it shows {@code text}: the service orders and pages the queue (most severe first), and
     * the shared store holds other tests' incidents, so the Low one may be pages down ("Show 200 more").
     */
    private String queueShowing(String text) {
        return browser.wait(Duration.ofSeconds(60)).until(d -> {
            List<org.openqa.selenium.WebElement> tables = d.findElements(By.cssSelector("[data-page=incidents] table"));
            String shown = tables.isEmpty() ? "" : tables.get(0).getText();
            if (shown.contains(text)) {
                return shown;
            }
            List<org.openqa.selenium.WebElement> more = d.findElements(By.cssSelector("[data-testid=incident-more]"));
            if (!more.isEmpty() && more.get(0).isEnabled()) {
                more.get(0).click();
            }
            return null;
        });
    }

    private void signIn(String key) {
        browser.forget();
        browser.signIn(key);
    }

    @Test
    void theQueueOpensAnIncidentWithItsDetectionsAndEventsAndChangesStatusAndNotesThroughThePage() {
        assertThat(incident).isNotNull().isNotEqualTo(lowIncident);
        signIn(ACME_KEY);
        browser.go("/#/incidents");
        String queue = queueShowing(USER + "-b");
        // most severe first: the Critical incident before the Low one that was active later
        assertThat(queue).contains(USER);
        assertThat(queue.indexOf("title of " + RULE)).isNotNegative().isLessThan(queue.indexOf("title of " + LOW_RULE));
        assertThat(queue).contains("Critical", "New");
        browser.screenshot("incidents");

        browser.driver.findElement(By.cssSelector("[data-page=incidents] button[aria-label*='" + RULE + "']")).click();
        String detail = browser.waitForText(".incident", "Detections of the incident");
        assertThat(detail).contains("user: " + USER, "t1078", "Critical", "New");
        assertThat(browser.all(".incident [aria-label='Detections of the incident'] tbody tr")).hasSize(3);
        browser.waitFor(".incident .uplot canvas");
        int version = incidentJson(incident).path("version").asInt();
        assertThat(browser.waitFor("[data-testid=incident-version]").getText()).isEqualTo(String.valueOf(version));

        // the event behind a detection opens in the drawer (GET /events/{uid})
        browser.driver.findElement(By.cssSelector(".incident button[aria-label='Open event " + EVENTS + "-0']")).click();
        assertThat(browser.waitForText("[data-testid=provenance]", LakeTestStack.BUCKET)).contains("test/" + EVENTS);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait(Duration.ofSeconds(5)).until(d -> browser.all(".drawer").isEmpty());

        // status to In Progress through the page: persisted, with a new version
        new Select(browser.driver.findElement(By.id("incident-status"))).selectByVisibleText("In Progress");
        browser.driver.findElement(By.xpath("//form[@aria-label='Change the incident']//button[text()='Save']")).click();
        browser.waitForText("[data-testid=incident-status]", "In Progress");
        JsonNode changed = incidentJson(incident);
        assertThat(changed.path("status_id").asInt()).isEqualTo(2);
        assertThat(changed.path("version").asInt()).isEqualTo(version + 1);
        assertThat(browser.waitForText("[data-testid=incident-version]", String.valueOf(version + 1))).isEqualTo(String.valueOf(version + 1));
        // the queue is read again (not left showing the incident as New), and the address names the open incident
        assertThat(browser.waitForText("[aria-label='Incident queue']", "In Progress")).contains("title of " + RULE);
        assertThat(browser.driver.getCurrentUrl()).contains("uid=" + incident);

        // a note
        browser.waitFor("#incident-note").sendKeys("keys of " + USER + " revoked");
        browser.driver.findElement(By.xpath("//button[text()='Add note']")).click();
        assertThat(browser.waitForText("[data-testid=incident-notes]", "revoked")).contains("keys of " + USER + " revoked", "tenant:acme");
        JsonNode noted = incidentJson(incident);
        assertThat(noted.path("notes").toString()).contains("keys of " + USER + " revoked");
        assertThat(noted.path("version").asInt()).isEqualTo(version + 2);

        // someone else changes it meanwhile: the page's change answers 412, the page reloads it and says so
        assertThat(sendBody("PATCH", "/api/v1/incidents/" + incident, Map.of("X-API-Key", ACME_KEY_2, "Content-Type",
                "application/json", "If-Match", String.valueOf(version + 2)), "{\"priority_id\": 3}").status()).isEqualTo(200);
        browser.waitFor("#incident-assignee").sendKeys("alice");
        browser.driver.findElement(By.xpath("//form[@aria-label='Change the incident']//button[text()='Save']")).click();
        assertThat(browser.waitForText("[data-testid=incident-message]", "meanwhile")).startsWith("Someone changed this incident meanwhile");
        assertThat(browser.waitForText("[data-testid=incident-version]", String.valueOf(version + 3))).isEqualTo(String.valueOf(version + 3));
        assertThat(browser.waitFor(".incident .facts").getText()).contains("High");
        assertThat(incidentJson(incident).path("assignee").isNull()).as("the refused change did not apply").isTrue();
        // applied again on the reloaded version, the assignee is saved (PATCH takes the plain name)
        browser.waitFor("#incident-assignee").sendKeys("alice");
        browser.driver.findElement(By.xpath("//form[@aria-label='Change the incident']//button[text()='Save']")).click();
        browser.waitForText("[data-testid=incident-message]", "Saved.");
        assertThat(incidentJson(incident).path("assignee").path("name").asText()).isEqualTo("alice");
        assertThat(browser.driver.findElement(By.id("incident-assignee")).getAttribute("value")).isEqualTo("alice");
        browser.screenshot("incident-detail");
    }

    @Test
    void overviewCountsOpenIncidentsBySeverityFromTheIncidentsApi() {
        signIn(ACME_KEY);
        String panel = browser.waitForText("[aria-labelledby=inc-h]", "The incident queue");
        assertThat(panel).contains("Critical", "Low").doesNotContain("not available");
        browser.screenshot("overview-incidents");
    }

    @Test
    void anotherTenantsSessionNeverSeesTheIncident() {
        signIn(GLOBEX_KEY);
        browser.go("/#/incidents?status=any");
        browser.waitFor("[data-testid=incident-count]");
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain(USER, RULE, incident);
        browser.go("/#/incidents?status=any&uid=" + incident);
        assertThat(browser.waitForText(".incident .error", "404")).contains("Could not load the incident");
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain(USER, RULE);
        browser.go("/#/overview");
        assertThat(browser.waitForText("[aria-labelledby=inc-h]", "The incident queue")).doesNotContain("not available");
    }

    @Test
    void predictionsDrawTheBandAndMarkASilenceAndSayWhenASeriesIsTooYoung() {
        LakeTestStack.await(Duration.ofSeconds(90), "the silence of " + banded + " is listed", () -> {
            assertThat(send("POST", "/api/v1/admin/predictions/recompute", Map.of("X-API-Key", ADMIN_KEY)).status()).isEqualTo(202);
            JsonNode page = get("/api/v1/anomalies?kind=silence&limit=1000", ACME_KEY).json();
            return StreamSupport.stream(page.path("items").spliterator(), false)
                    .anyMatch(a -> a.path("series").path("value").asText().equals(banded));
        });
        signIn(ACME_KEY);
        browser.go("/#/predictions?range=7d&by=source&value=" + banded);
        browser.waitFor("[data-page=predictions] .uplot canvas");
        String meta = browser.waitForText("[data-testid=volume-meta]", "marked");
        assertThat(meta).contains("25 hours ahead").doesNotContain(" 0 marked");
        assertThat(browser.driver.findElement(By.id("predictions-by")).getAttribute("value")).isEqualTo("source");
        browser.all("[data-page=predictions] details.totals").forEach(d -> browser.script("arguments[0].open = true", d));
        assertThat(browser.waitFor("[data-page=predictions] details.totals").getText()).contains("Observed:", "Expected:", "Upper:");
        String anomalies = browser.waitForText("[aria-labelledby=anomalies-h]", "silence");
        assertThat(anomalies).contains("source " + banded);
        browser.screenshot("predictions");

        // the series picker: a source too young for a band says so and still draws what it observed
        new Select(browser.driver.findElement(By.id("predictions-by"))).selectByValue("source");
        browser.driver.findElement(By.id("predictions-value")).clear();
        browser.driver.findElement(By.id("predictions-value")).sendKeys(YOUNG);
        browser.driver.findElement(By.cssSelector("[data-page=predictions] form button[type=submit]")).click();
        assertThat(browser.waitForText("[data-testid=insufficient-history]", "Not enough history")).contains("needs a week");
        browser.waitFor("[data-page=predictions] .uplot canvas");
        browser.all("[data-page=predictions] details.totals").forEach(d -> browser.script("arguments[0].open = true", d));
        assertThat(browser.waitFor("[data-page=predictions] details.totals").getText()).contains("Observed: 1");
        assertThat(browser.driver.getCurrentUrl()).contains("value=" + YOUNG);
        browser.screenshot("predictions-insufficient-history");
    }

    @Test
    void theAnalystPagesHaveNoSeriousAccessibilityViolationAtDesktopAndPhoneWidths() {
        List<String> violations = new ArrayList<>();
        for (int width : new int[] {1280, 390}) {
            browser.width(width);
            signIn(ACME_KEY);
            for (String[] page : new String[][] {
                    {"incidents", "/#/incidents?status=any", "[data-page=incidents] table"},
                    {"incident-detail", "/#/incidents?status=any&uid=" + incident, ".incident table"},
                    {"predictions", "/#/predictions?range=7d&by=source&value=" + banded, "[data-page=predictions] .uplot canvas"},
                    {"predictions-young", "/#/predictions?range=7d&by=source&value=" + YOUNG, "[data-testid=insufficient-history]"}}) {
                browser.go(page[1]);
                browser.waitFor(page[2]);
                browser.wait(Duration.ofSeconds(20)).until(d -> browser.all("#main .loading").isEmpty());
                browser.screenshot(page[0] + "-" + width);
                browser.seriousViolations().forEach(v -> violations.add(page[0] + " @" + width + ": " + v));
                // nothing is wider than the window: the page never scrolls sideways (tables scroll in their box)
                browser.widerThanTheWindow().forEach(e -> violations.add(page[0] + " @" + width + " wider than the window: " + e));
            }
        }
        assertThat(violations).isEmpty();
    }
}
