package io.securitylake.subscriber.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.StoredDetections;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Tuning in a real browser against the real API: an analyst excepts a rule for a detection's values from its drawer
 * (the selection prefilled from its entities, a refusal said on the page, the exception saved for the caller's
 * tenant), and a suppressed detection says how many matches it stands for. Screenshots in target/console/.
 */
class ConsoleTuningTest extends ConsoleBrowserSupport {

    private static final String USER = "console-tuning-" + uniqueSource().substring(5);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void open() {
        openBrowser();
        browser.width(1280);
        browser.forget();
        browser.signIn(ACME_KEY);
    }

    @AfterEach
    void deleteTheExceptionsMade() {
        for (JsonNode e : get("/api/v1/exceptions", ACME_KEY).json().path("items")) {
            if (e.path("sigma").asText().contains(USER)) {
                send("DELETE", "/api/v1/exceptions/" + e.path("uid").asText(), Map.of("X-API-Key", ACME_KEY,
                        "If-Match", e.path("version").asText()));
            }
        }
    }

    private void openDetection(Detection d) {
        browser.go("/#/detections?rule=" + d.ruleUid());
        browser.waitFor("[data-page=detections] button[aria-label='Open detection " + d.uid() + "']").click();
        browser.waitForText(".drawer", "Detection");
    }

    @Test
    void anAnalystExceptsARuleForADetectionsValuesFromItsDrawer() {
        Detection d = StoredDetections.of("aws-access-denied", USER + "-event", NOW.toEpochMilli(), 2, List.of(),
                StoredDetections.entity("user", USER));
        StoredDetections.store(stores::dataSource, "acme", List.of(d));
        openDetection(d);

        WebElement selection = browser.waitFor("#exception-selection");
        assertThat(selection.getAttribute("value")).as("prefilled from the entities").contains("actor.user.name", USER);
        browser.driver.findElement(By.xpath("//form[@aria-label='Except this rule']//button[text()='Save exception']")).click();
        assertThat(browser.waitForText("[data-testid=exception-message]", "not saved")).contains("reason");

        browser.waitFor("#exception-reason").sendKeys("the test user is denied by design");
        browser.driver.findElement(By.xpath("//form[@aria-label='Except this rule']//button[text()='Save exception']")).click();
        String saved = browser.waitForText("[data-testid=exception-message]", "saved: later matches");
        browser.screenshot("exception-saved");

        JsonNode made = null;
        for (JsonNode e : get("/api/v1/exceptions", ACME_KEY).json().path("items")) {
            if (e.path("sigma").asText().contains(USER)) {
                made = e;
            }
        }
        assertThat(made).as("the exception in the caller's tenant").isNotNull();
        assertThat(saved).contains(made.path("uid").asText());
        assertThat(made.path("rules").toString()).contains("aws-access-denied");
        assertThat(made.path("author").asText()).contains("tenant:acme");
        assertThat(get("/api/v1/exceptions", GLOBEX_KEY).json().toString()).doesNotContain(USER);
    }

    @Test
    void aSuppressedDetectionSaysHowManyMatchesItStandsFor() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("finding_info", Map.of("uid", "aws-access-denied", "title", "AWS API call denied"));
        details.put("suppression", Map.of("by", Map.of("userIdentity.arn", USER), "for_ms", 3_600_000, "count", 7));
        details.put("count", 7);
        Detection d = new Detection(Detection.uidOf("aws-access-denied", "[\"" + USER + "\"]@0"), NOW.toEpochMilli(), 2,
                "aws-access-denied", "AWS API call denied", List.of(USER + "-s"), List.of(StoredDetections.entity("user", USER)),
                List.of(), NOW.toEpochMilli() - 60_000, NOW.toEpochMilli(), null, details);
        StoredDetections.store(stores::dataSource, "acme", List.of(d));
        openDetection(d);

        assertThat(browser.waitForText("[data-testid=detection-suppressed]", "times")).isEqualTo("6 times (7 matches)");
        browser.screenshot("detection-suppressed");
    }
}
