package io.securitylake.subscriber.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.StoredDetections;
import io.securitylake.subscriber.incident.Incidents;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Threat intelligence in a real browser against the real API: a threat-intel detection raised by the service's
 * indicators in force (feed api-shared of the API tests' context) for an event of acme's own, correlated into an
 * incident; its indicator shown on the Detections and Incidents pages; the look-up box finding the indicator and the
 * event in one place, for acme only; the admin's feeds page (state, counts per type, source; add and delete through
 * the page, a configured feed's deletion refused with its reason); axe-core at 1280 and 390 px.
 */
class ConsoleIntelPagesTest extends ConsoleBrowserSupport {

    private static final String GROUP = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100, 0xffff));
    /** An address of this run's own in api-shared's network 2001:db8:ffff::/48. */
    private static final String ADDRESS = "2001:db8:ffff:" + GROUP + "::9";
    private static final String EVENT = "console-intel-" + uniqueSource().substring(5);
    private static final Instant TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.MINUTES);

    private static String detection;
    private static String incident;

    @Autowired
    IntelIndicators indicators;
    @Autowired
    Incidents incidents;

    @BeforeEach
    void seedAndOpen() throws Exception {
        if (detection == null) {
            LakeTestStack.await(Duration.ofSeconds(60), "feed api-shared read", () -> {
                for (JsonNode f : get("/api/v1/admin/intel/feeds", ADMIN_KEY).json().get("items")) {
                    if ("api-shared".equals(f.get("name").asText()) && "ok".equals(f.get("status").asText())) {
                        return true;
                    }
                }
                return false;
            });
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("metadata", Map.of("uid", EVENT, "version", "1.1.0"));
            event.put("time", TIME.toEpochMilli());
            event.put("class_uid", 4001);
            event.put("severity_id", 1);
            event.put("src_endpoint", Map.of("ip", ADDRESS));
            event.put("dst_endpoint", Map.of("ip", "192.0.2.44", "port", 443));
            event.put("_lake", Map.of("tenant", "acme", "event_uid", EVENT, "source", "VPC_FLOW", "bucket", LakeTestStack.BUCKET,
                    "key", "test/console-intel", "account", LakeTestStack.ACME_ACCOUNT));
            partitionsFor("acme", TIME);
            new JdbcTemplate(stores.dataSource("acme")).update("""
                    INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, source, bucket,
                                        object_key, event)
                    VALUES (?, ?, 4001, 4, 1, 'VPC_FLOW', ?, 'test/console-intel', CAST(? AS jsonb))""",
                    EVENT, Timestamp.from(TIME), LakeTestStack.BUCKET, JSON.writeValueAsString(event));
            List<Detection> raised = StoredDetections.intel(indicators, "acme", EVENT, TIME.toEpochMilli(), 4001, event);
            assertThat(raised).as("api-shared's network holds " + ADDRESS).hasSize(1);
            incidents.correlate("acme", StoredDetections.store(stores::dataSource, "acme", raised));
            detection = raised.get(0).uid();
            incident = new JdbcTemplate(stores.dataSource("acme"))
                    .queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, detection);
        }
        openBrowser();
        browser.width(1280);
    }

    private void signIn(String key) {
        browser.forget();
        browser.signIn(key);
    }

    private void closeTheDrawer() {
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait(Duration.ofSeconds(5)).until(d -> browser.all(".drawer").isEmpty());
    }

    private String indicatorPanel() {
        String panel = browser.waitForText("[data-testid=indicator]", "api-shared");
        assertThat(browser.waitFor("[data-testid=indicator-value]").getText()).isEqualTo("2001:db8:ffff:0:0:0:0:0/48 (ipv6-addr)");
        assertThat(browser.waitFor("[data-testid=indicator-feed]").getText()).isEqualTo("api-shared");
        assertThat(browser.waitFor("[data-testid=indicator-confidence]").getText()).isEqualTo("90");
        assertThat(browser.waitFor("[data-testid=indicator-labels]").getText()).isEqualTo("c2");
        assertThat(browser.waitFor("[data-testid=indicator-valid-until]").getText()).isEqualTo("no end");
        assertThat(panel).contains("indicator--a1", "src_endpoint.ip: " + ADDRESS);
        return panel;
    }

    @Test
    void aDetectionShowsItsIndicatorOnTheDetectionsAndIncidentPagesAndLooksItsValueUp() {
        assertThat(incident).as("the High threat-intel detection joins an incident").isNotNull();
        signIn(ACME_KEY);
        browser.go("/#/detections?rule=threat-intel&range=7d");
        browser.waitFor("[data-page=detections] button[aria-label='Open detection " + detection + "']").click();
        indicatorPanel();
        browser.screenshot("detection-indicator");
        closeTheDrawer();

        browser.go("/#/incidents?status=any&uid=" + incident);
        browser.waitFor(".incident button[aria-label='Open detection " + detection + "']").click();
        indicatorPanel();

        // from the indicator to the look-up of the value the event held: the indicator and the event in one place
        browser.driver.findElement(By.linkText("Look this value up across indicators and events")).click();
        String summary = browser.waitForText("[data-testid=lookup-summary]", "indicator");
        assertThat(summary).startsWith("2001:db8:ffff:" + GROUP + ":0:0:0:9 (ipv6-addr): 1 indicator, 1 event");
        assertThat(browser.driver.findElement(By.id("lookup-value")).getAttribute("value")).isEqualTo(ADDRESS);
        String found = browser.waitFor("[aria-label='Indicators matching the value']").getText();
        assertThat(found).contains("2001:db8:ffff:0:0:0:0:0/48", "api-shared", "90", "yes", "c2");
        String events = browser.waitFor("[aria-label='Events holding the value']").getText();
        assertThat(events).contains("Network Activity", "src_endpoint.ip", "VPC_FLOW");
        browser.screenshot("intel-lookup");
        browser.driver.findElement(By.cssSelector("button[aria-label='Open event " + EVENT + "']")).click();
        assertThat(browser.waitForText("[data-testid=provenance]", LakeTestStack.BUCKET)).contains("test/console-intel");
        closeTheDrawer();

        // the tenant's feeds: the shared one with its counts, never globex's own
        String feeds = browser.waitForText("[aria-labelledby=intel-feeds-h] table", "api-shared");
        assertThat(feeds).contains("shared", "ok", "ipv6-addr: 1", "domain-name: 2").doesNotContain("api-globex");
    }

    @Test
    void theLookUpBoxSaysWhatItFoundAndRefusesWhatIsNoValueAndShowsNoOtherTenantsEvents() {
        signIn(GLOBEX_KEY);
        browser.go("/#/intel");
        browser.waitFor("#lookup-value").sendKeys(ADDRESS);
        new Select(browser.driver.findElement(By.id("lookup-days"))).selectByValue("1");
        browser.driver.findElement(By.id("lookup-go")).click();
        String summary = browser.waitForText("[data-testid=lookup-summary]", "indicator");
        assertThat(summary).contains("1 indicator, 0 events in the last 24 hours");
        assertThat(browser.waitFor("[data-testid=lookup-results]").getText()).contains("No event of this tenant holds it");
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain(EVENT);
        assertThat(browser.driver.getCurrentUrl()).contains("days=1").doesNotContain(GLOBEX_KEY);
        assertThat(browser.waitForText("[aria-labelledby=intel-feeds-h] table", "api-globex")).contains("globex", "api-shared");

        browser.driver.findElement(By.id("lookup-value")).clear();
        browser.driver.findElement(By.id("lookup-value")).sendKeys("not a value!");
        browser.driver.findElement(By.id("lookup-go")).click();
        assertThat(browser.waitForText("[data-testid=lookup-results] .error", "400"))
                .contains("Could not load the look-up", "not an IP address, domain, URL");
    }

    @Test
    void theAdminSeesEveryFeedAddsOneDeletesItAndIsToldWhyAConfiguredOneStays() {
        String name = "console-" + GROUP;
        signIn(ADMIN_KEY);
        browser.go("/#/feeds");
        String table = browser.waitForText("[aria-labelledby=feeds-h] table", "api-globex");
        assertThat(table).contains("api-shared", "shared", "globex", ".feed", "ok", "ipv6-addr: 1", "domain-name: 1");
        browser.screenshot("intel-feeds");
        try {
            browser.waitFor("#feed-name").sendKeys(name);
            browser.driver.findElement(By.id("feed-url")).sendKeys("https://127.0.0.1:9/indicators.json");
            browser.driver.findElement(By.id("feed-tenant")).sendKeys("globex");
            browser.driver.findElement(By.id("feed-confidence")).sendKeys("70");
            browser.driver.findElement(By.id("feed-add")).click();
            assertThat(browser.waitForText("[data-testid=feeds-message]", name)).isEqualTo("Feed " + name + " added: read from the next poll on.");
            // stored at once; listed from the next poll on, when the service takes it up
            LakeTestStack.await(Duration.ofSeconds(60), "the added feed listed", () ->
                    get("/api/v1/admin/intel/feeds", ADMIN_KEY).body().contains("\"" + name + "\""));
            browser.driver.navigate().refresh();
            assertThat(browser.waitForText("[aria-labelledby=feeds-h] table", name)).contains("https://127.0.0.1:9/indicators.json");

            // the same name again: refused, with the service's reason
            browser.waitFor("#feed-name").sendKeys(name);
            browser.driver.findElement(By.id("feed-url")).sendKeys("https://127.0.0.1:9/other.json");
            browser.driver.findElement(By.id("feed-add")).click();
            assertThat(browser.waitForText("[data-testid=feeds-message]", "not added")).startsWith("Feed not added:");

            browser.driver.findElement(By.cssSelector("button[aria-label='Delete feed " + name + "']")).click();
            assertThat(browser.waitForText("[data-testid=feeds-message]", "deleted")).startsWith("Feed " + name + " deleted");
            browser.driver.findElement(By.cssSelector("button[aria-label='Delete feed api-shared']")).click();
            assertThat(browser.waitForText("[data-testid=feeds-message]", "not deleted"))
                    .startsWith("Feed api-shared not deleted:").contains("configured");
        } finally {
            send("DELETE", "/api/v1/admin/intel/feeds/" + name, Map.of("X-API-Key", ADMIN_KEY));
        }
        LakeTestStack.await(Duration.ofSeconds(60), "the added feed gone", () ->
                !get("/api/v1/admin/intel/feeds", ADMIN_KEY).body().contains("\"" + name + "\""));
        assertThat(get("/api/v1/admin/intel/feeds", ADMIN_KEY).body()).contains("\"api-shared\"");
    }

    @Test
    void theIntelPagesHaveNoSeriousAccessibilityViolationAtDesktopAndPhoneWidths() {
        List<String> violations = new ArrayList<>();
        for (int width : new int[] {1280, 390}) {
            browser.width(width);
            for (String[] page : new String[][] {
                    {ACME_KEY, "intel-lookup", "/#/intel?days=7&value=" + ADDRESS, "[aria-label='Events holding the value']"},
                    {ACME_KEY, "intel-empty", "/#/intel", "[aria-labelledby=intel-feeds-h] table"},
                    {ADMIN_KEY, "intel-feeds", "/#/feeds", "[aria-labelledby=feeds-h] table"}}) {
                signIn(page[0]);
                browser.go(page[2]);
                browser.waitFor(page[3]);
                browser.wait(Duration.ofSeconds(20)).until(d -> browser.all("#main .loading").isEmpty());
                browser.screenshot(page[1] + "-" + width);
                browser.seriousViolations().forEach(v -> violations.add(page[1] + " @" + width + ": " + v));
                browser.widerThanTheWindow().forEach(e -> violations.add(page[1] + " @" + width + " wider than the window: " + e));
            }
            signIn(ACME_KEY);
            browser.go("/#/detections?rule=threat-intel&range=7d");
            browser.waitFor("[data-page=detections] button[aria-label='Open detection " + detection + "']").click();
            browser.waitFor("[data-testid=indicator]");
            browser.screenshot("detection-indicator-" + width);
            browser.seriousViolations().forEach(v -> violations.add("detection drawer @" + width + ": " + v));
            closeTheDrawer();
        }
        assertThat(violations).isEmpty();
    }
}
