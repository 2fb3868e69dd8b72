package io.securitylake.subscriber.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.TestDetections;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console in a real browser (Debian's headless Chromium) on the service with stored events: sign-in, every
 * page with its charts and tables, filters and cursor pages, an event's detail, CSV export, sign-out, one
 * tenant's session never showing another's data, event fields that hold markup staying text, and axe-core
 * finding no serious or critical violation at 1280 and 390 px (the incidents and predictions pages:
 * {@link ConsoleAnalystPagesTest}). Screenshots of each page: target/console/.
 */
class ConsoleBrowserTest extends ConsoleBrowserSupport {

    private static final String SOURCE = uniqueSource();
    private static final String XSS_SOURCE = uniqueSource();
    private static final String GLOBEX_SOURCE = uniqueSource();
    private static final String RULE = "console-" + uniqueSource();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final int ACME_EVENTS = 120;
    private static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    private static final String SCRIPT = "<script>window.__xss=2</script>";

    private static boolean seeded;

    @BeforeEach
    void seedAndOpen() {
        if (!seeded) {
            int[] classes = {3002, 6003, 4001, 2004};
            for (int i = 0; i < ACME_EVENTS; i++) {
                store("acme", new TestEvent(SOURCE + "-" + i, NOW.minus(7L * i + 1, ChronoUnit.MINUTES),
                        classes[i % 4], 1 + i % 5, LakeTestStack.ACME_ACCOUNT, SOURCE, "198.51.100." + (i % 5),
                        "console-user-" + (i % 3)));
            }
            for (int i = 0; i < 10; i++) {
                store("globex", new TestEvent(GLOBEX_SOURCE + "-" + i, NOW.minus(5L * i + 1, ChronoUnit.MINUTES),
                        3002, 2, LakeTestStack.GLOBEX_ACCOUNT, GLOBEX_SOURCE, "203.0.113.77", "globex-only-user"));
            }
            Map<String, Object> hostile = new LinkedHashMap<>();
            hostile.put("metadata", Map.of("uid", XSS_SOURCE + "-0", "version", "1.1.0"));
            hostile.put("time", NOW.minusSeconds(30).toEpochMilli());
            hostile.put("class_uid", 6003);
            hostile.put("class_name", "<b id=\"bold\">bold</b>");
            hostile.put("severity_id", 4);
            hostile.put("message", SCRIPT + IMG);
            hostile.put("actor", Map.of("user", Map.of("name", IMG)));
            hostile.put(IMG, SCRIPT);
            hostile.put("_lake", Map.of("tenant", "acme", "bucket", LakeTestStack.BUCKET, "key", "test/" + IMG,
                    "account", LakeTestStack.ACME_ACCOUNT, "source", XSS_SOURCE, "event_uid", XSS_SOURCE + "-0"));
            storeJson("acme", XSS_SOURCE + "-0", NOW.minusSeconds(30), 6003, 4, XSS_SOURCE, hostile);
            for (int i = 0; i < 3; i++) {
                TestDetections.store(stores, "acme", RULE, SOURCE + "-" + i, NOW.minus(7L * i + 1, ChronoUnit.MINUTES), 3 + i);
            }
            seeded = true;
        }
        openBrowser();
        browser.width(1280);
    }

    private void storeJson(String tenant, String uid, Instant time, int classUid, int severity, String source,
                           Map<String, Object> event) {
        partitionsFor(tenant, time);
        try {
            new JdbcTemplate(stores.dataSource(tenant)).update("""
                    INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region,
                                        source, bucket, object_key, event)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (event_time, event_uid) DO NOTHING""",
                    uid, Timestamp.from(time), classUid, classUid / 1000, severity, LakeTestStack.ACME_ACCOUNT,
                    "us-east-1", source, LakeTestStack.BUCKET, "test/" + source, JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void signIn(String key) {
        browser.forget();
        browser.signIn(key);
    }

    @Test
    void overviewDrawsTheTimelineTopValuesIngestionHealthAndOpenIncidents() {
        signIn(ACME_KEY);

        assertThat(browser.waitFor("[data-testid=tenant]").getText()).isEqualTo("acme");
        browser.waitFor("[data-page=overview] .panel.wide .uplot canvas");
        assertThat(browser.waitForText("section[aria-label='Source IPs']", "198.51.100.")).contains("198.51.100.");
        assertThat(browser.waitForText("section[aria-label='Users']", "console-user-")).contains("console-user-");
        assertThat(browser.waitForText("[aria-labelledby=health-h]", "Objects done")).contains("Lag");
        assertThat(browser.waitForText("[aria-labelledby=inc-h]", "The incident queue")).doesNotContain("not available");
        assertThat(browser.script("return performance.getEntriesByName('overview:timeline-drawn').length"))
                .isNotEqualTo(0L);
        assertThat(browser.driver.getTitle()).contains("acme");

        // stacked by severity: one series per severity in the legend
        browser.driver.findElement(By.id("overview-by")).sendKeys("Severity");
        browser.driver.findElement(By.cssSelector("[data-page=overview] form button[type=submit]")).click();
        assertThat(browser.waitForText("[data-page=overview] .panel.wide", "by severity")).contains("Informational");
        browser.screenshot("overview");
    }

    @Test
    void eventsFilterPageOpenInADrawerAndExportAsCsv() throws Exception {
        signIn(ACME_KEY);
        browser.go("/#/events");
        browser.waitFor("#events-source").sendKeys(SOURCE);
        browser.driver.findElement(By.cssSelector("[data-page=events] form button[type=submit]")).click();

        assertThat(browser.waitForText("[data-testid=event-count]", "match")).isEqualTo("120 events match");
        String firstOfPageOne = browser.wait(Duration.ofSeconds(20))
                .until(d -> rows().size() == 50 ? rows().get(0).getText() : null);
        assertThat(firstOfPageOne).contains(SOURCE + "-0 ", "Authentication");
        browser.driver.findElement(By.id("events-next")).click();
        String firstOfPageTwo = browser.wait(Duration.ofSeconds(20)).until(d -> browser.all(".pager .meta").stream()
                .anyMatch(e -> e.getText().equals("Page 2")) && rows().size() == 50 ? rows().get(0).getText() : null);
        assertThat(firstOfPageTwo).contains(SOURCE + "-50 ");
        browser.waitFor("#events-next").click();
        browser.wait(Duration.ofSeconds(20)).until(d -> rows().size() == 20);
        assertThat(browser.driver.findElement(By.id("events-next")).isEnabled()).as("the last page").isFalse();

        // keyboard: Enter on a row's Open button opens the drawer, Escape closes it and focus returns
        WebElement open = browser.all("[data-page=events] tbody button").get(0);
        open.sendKeys(Keys.ENTER);
        String provenance = browser.waitForText("[data-testid=provenance]", LakeTestStack.BUCKET);
        assertThat(provenance).contains("test/" + SOURCE, LakeTestStack.ACME_ACCOUNT);
        assertThat(browser.waitFor(".drawer .json").getText()).contains("_lake", "metadata");
        browser.screenshot("event-detail");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait(Duration.ofSeconds(5)).until(d -> browser.all(".drawer").isEmpty());
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Open");

        try (Stream<Path> old = Files.list(browser.downloads)) {
            old.forEach(p -> p.toFile().delete());
        }
        browser.driver.findElement(By.xpath("//button[text()='Export CSV']")).click();
        Path csv = browser.wait(Duration.ofSeconds(30)).until(d -> {
            try (Stream<Path> files = Files.list(browser.downloads)) {
                return files.filter(p -> p.getFileName().toString().matches("events-.*\\.csv")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(ACME_EVENTS + 1);
        assertThat(lines.get(0)).startsWith("Time (UTC),Class,Severity,Account,Region,Source");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(SOURCE));
        browser.screenshot("events");
    }

    private List<WebElement> rows() {
        return browser.all("[data-page=events] tbody tr");
    }

    @Test
    void detectionsAndRulesAreListedWithHitCounts() {
        signIn(ACME_KEY);
        browser.go("/#/detections?range=7d&rule=" + RULE);

        String table = browser.waitForText("[data-page=detections] table", "title of " + RULE);
        assertThat(browser.all("[data-page=detections] table:first-of-type tbody tr")).isNotEmpty();
        assertThat(table).contains("Critical", "High", "Medium", "user: ");
        browser.waitForText("[aria-labelledby=rules-h]", "Hits");
        browser.all("[data-page=detections] tbody button").get(0).click();
        assertThat(browser.waitForText(".drawer", "Events")).contains(RULE, SOURCE + "-");
        browser.screenshot("detections");
    }

    @Test
    void theAdminKeyOpensTheAdminPagesOnly() {
        signIn(ADMIN_KEY);

        assertThat(browser.waitFor("[data-testid=tenant]").getText()).isEqualTo("admin");
        assertThat(browser.all("#nav a").stream().map(WebElement::getText).toList()).containsExactly("Admin", "Intel feeds");
        String tenants = browser.waitForText("[data-page=admin] table", "acme");
        assertThat(tenants).contains("globex", LakeTestStack.ACME_ACCOUNT);
        browser.waitFor("#claim-account").sendKeys(LakeTestStack.ACME_ACCOUNT);
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("claim-tenant"))).selectByValue("acme");
        browser.driver.findElement(By.xpath("//button[text()='Claim']")).click();
        assertThat(browser.waitForText("[aria-labelledby=claim-h] [role=status]", "acme"))
                .isEqualTo("Account " + LakeTestStack.ACME_ACCOUNT + " already belongs to acme.");
        browser.driver.findElement(By.id("claim-account")).clear();
        browser.driver.findElement(By.id("claim-account")).sendKeys("000000000000");
        browser.driver.findElement(By.xpath("//button[text()='Claim']")).click();
        assertThat(browser.waitForText("[aria-labelledby=claim-h] [role=status]", "Not claimed")).startsWith("Not claimed:");
        browser.screenshot("admin");
    }

    @Test
    void oneTenantsSessionNeverShowsAnothersDataAndSignOutForgetsTheKey() {
        signIn(ACME_KEY);
        browser.go("/#/events?range=7d&source=" + SOURCE);
        browser.waitForText("[data-page=events] table", SOURCE);
        assertThat(browser.script("return sessionStorage.getItem('lake-console-key')")).isEqualTo(ACME_KEY);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(ACME_KEY);
        assertThat((String) browser.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')"))
                .doesNotContain(ACME_KEY);

        browser.signOut();
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain(SOURCE, "acme");
        browser.driver.findElement(By.id("api-key")).sendKeys(GLOBEX_KEY);
        browser.driver.findElement(By.id("sign-in")).click();
        assertThat(browser.waitFor("[data-testid=tenant]").getText()).isEqualTo("globex");
        assertThat(browser.waitForText("section[aria-label='Users']", "globex-only-user")).doesNotContain("console-user-");

        browser.go("/#/events?range=7d");
        assertThat(browser.waitForText("[data-page=events] table", GLOBEX_SOURCE)).doesNotContain(SOURCE, "console-user");
        browser.go("/#/events?range=7d&source=" + SOURCE);
        assertThat(browser.waitForText("[data-page=events]", "No events match")).doesNotContain(SOURCE + "-");
        browser.go("/#/detections?range=7d&rule=" + RULE);
        browser.waitForText("[data-page=detections]", "No detections match");
        // a tenant key cannot reach the admin page: it is not in the menu and the route falls back to the overview
        browser.go("/#/admin");
        browser.waitFor("[data-page=overview]");
        assertThat(browser.all("#nav a").stream().map(WebElement::getText).toList()).doesNotContain("Admin");
    }

    @Test
    void eventFieldsHoldingMarkupStayText() {
        signIn(ACME_KEY);
        browser.go("/#/events?range=7d&source=" + XSS_SOURCE);

        String table = browser.waitForText("[data-page=events] table", "onerror");
        assertThat(table).contains(IMG, "<b id=\"bold\">bold</b>");
        browser.all("[data-page=events] tbody button").get(0).click();
        String drawer = browser.waitForText(".drawer", "Where it came from");
        assertThat(drawer).contains("test/" + IMG);
        browser.all(".drawer details").forEach(d -> browser.script("arguments[0].open = true", d));
        assertThat(browser.waitFor(".drawer .json").getText()).contains(IMG, "window.__xss=2");
        browser.screenshot("event-with-markup");

        assertThat(browser.script("return window.__xss")).as("no injected script ran").isNull();
        assertThat(browser.script("return document.querySelectorAll('#main img, #drawer-root img, #bold, "
                + "#main script, #drawer-root script').length")).as("no element came from event data").isEqualTo(0L);
    }

    @Test
    void everyPageHasNoSeriousAccessibilityViolationAtDesktopAndPhoneWidths() {
        List<String> violations = new ArrayList<>();
        for (int width : new int[] {1280, 390}) {
            browser.width(width);
            signIn(ACME_KEY);
            for (String[] page : new String[][] {{"overview", "/#/overview", "[data-page=overview] .uplot canvas"},
                    {"events", "/#/events?range=7d&source=" + SOURCE, "[data-page=events] table"},
                    {"detections", "/#/detections?range=7d&rule=" + RULE, "[data-page=detections] table"}}) {
                browser.go(page[1]);
                browser.waitFor(page[2]);
                browser.wait(Duration.ofSeconds(20)).until(d -> browser.all("#main .loading").isEmpty());
                browser.screenshot(page[0] + "-" + width);
                browser.seriousViolations().forEach(v -> violations.add(page[0] + " @" + width + ": " + v));
                browser.widerThanTheWindow().forEach(e -> violations.add(page[0] + " @" + width + " wider than the window: " + e));
            }
            browser.all("[data-page=events]");
            browser.go("/#/events?range=7d&source=" + SOURCE);
            browser.waitFor("[data-page=events] tbody button").click();
            browser.waitForText("[data-testid=provenance]", LakeTestStack.BUCKET);
            browser.screenshot("event-detail-" + width);
            browser.seriousViolations().forEach(v -> violations.add("event detail @" + width + ": " + v));
            browser.forget();
            browser.go("/");
            browser.waitFor("#api-key");
            browser.screenshot("sign-in-" + width);
            browser.seriousViolations().forEach(v -> violations.add("sign-in @" + width + ": " + v));
            signIn(ADMIN_KEY);
            browser.waitFor("[data-page=admin] table");
            browser.screenshot("admin-" + width);
            browser.seriousViolations().forEach(v -> violations.add("admin @" + width + ": " + v));
            // nothing is wider than the window: the page itself never scrolls sideways (tables scroll in their box)
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at %d px", width).isEqualTo(true);
        }
        assertThat(violations).isEmpty();
    }
}
