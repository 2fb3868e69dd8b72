package io.securitylake.subscriber.console;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.demo.SysmonEvents;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rules page in a real browser against the real API, on a rules folder of this test's own: an analyst switches a
 * rule off and changes another's level for the tenant, the API then says so for that tenant only, and a change made
 * meanwhile elsewhere is refused on the page and the control put back; a rule's fields the tenant's events carry and
 * those they do not (an unmapped Sysmon field only this test's events hold). Screenshots in target/console/.
 */
class ConsoleRuleSetsTest extends ConsoleBrowserSupport {

    private static final String OFF = "cr-switch-me";
    private static final String LEVEL = "cr-relevel-me";
    private static final String SEEN = "cr-fields-seen";

    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry r) {
        r.add("lake.rules.dir", ConsoleRuleSetsTest::folder);
    }

    private static String folder() {
        try {
            Path dir = Files.createTempDirectory("console-rules");
            for (String[] rule : new String[][] {{OFF, "Switch me off", "DeleteTrail"}, {LEVEL, "Change my level", "PutBucketAcl"}}) {
                Files.writeString(dir.resolve(rule[0] + ".yml"), "title: " + rule[1] + "\nid: " + rule[0]
                        + "\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {eventName: " + rule[2]
                        + "}\n  condition: s\nlevel: high\n");
            }
            Files.writeString(dir.resolve(SEEN + ".yml"), "title: Fields seen\nid: " + SEEN
                    + "\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s:\n"
                    + "    ConsoleSeen24: 'yes'\n    ConsoleSeen24Never: 'yes'\n  condition: s\n");
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode rule(JsonNode rules, String uid) {
        for (JsonNode r : rules.path("items")) {
            if (r.path("uid").asText().equals(uid)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + uid + " in " + rules);
    }

    @TempDir
    Path tmp;

    @Test
    void anAnalystSeesWhichOfARulesFieldsTheTenantsEventsOfTheLastSevenDaysCarry() throws IOException {
        Instant time = Instant.now().minus(Duration.ofHours(2));
        Path file = tmp.resolve("sysmon.parquet");
        String run = UUID.randomUUID().toString().substring(0, 8);
        SysmonEvents.write(file, List.of(SysmonEvents.launch(run + "/seen", time, Map.of("ConsoleSeen24", "no"))));
        String key = "ext/Sysmon/region=us-east-1/accountId=" + ACME_ACCOUNT + "/eventDay="
                + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "/" + run + ".parquet";
        LakeTestStack.putObject(key, file);
        ingestHere(objectCreated(key, Files.size(file)));
        await(Duration.ofSeconds(180), key + " is done", () -> "done".equals(new LakeProbe().status(key)));

        openBrowser();
        browser.width(1280);
        browser.forget();
        browser.signIn(ACME_KEY);
        browser.go("/#/detections");

        String cell = "[data-testid=fields-seen-" + SEEN + "]";
        assertThat(browser.waitForText(cell, "of")).startsWith("1 of 2");
        browser.waitFor(cell + " summary").click();
        assertThat(browser.waitForText(cell, "ConsoleSeen24:")).contains(
                "ConsoleSeen24: last seen " + LocalDate.ofInstant(time, ZoneOffset.UTC), "ConsoleSeen24Never: not seen");
        assertThat(browser.waitFor(cell).findElement(org.openqa.selenium.By.xpath("ancestor::tr")).getText())
                .contains("not in your data: ConsoleSeen24Never");
        browser.screenshot("rule-fields-seen");
        assertThat(browser.seriousViolations()).isEmpty();

        browser.forget();
        browser.signIn(GLOBEX_KEY);
        browser.go("/#/detections");
        assertThat(browser.waitForText(cell, "of")).as("acme's events are not globex's").startsWith("0 of 2");
    }

    @Test
    void anAnalystSwitchesARuleOffAndChangesALevelForTheTenantOnly() {
        openBrowser();
        browser.width(1280);
        browser.forget();
        browser.signIn(ACME_KEY);
        browser.go("/#/detections");

        WebElement off = browser.waitFor("input[aria-label='Switch me off on for this tenant']");
        assertThat(off.isSelected()).isTrue();
        off.click();
        assertThat(browser.waitForText("[data-testid=rule-message]", "Switch me off: off")).contains("for this tenant");
        new Select(browser.waitFor("select[aria-label='Level of Change my level for this tenant']")).selectByValue("low");
        browser.waitForText("[data-testid=rule-message]", "Change my level: on, level low");
        browser.screenshot("rule-sets");

        JsonNode acme = get("/api/v1/rules", ACME_KEY).json();
        assertThat(rule(acme, OFF).path("enabled").asBoolean()).isFalse();
        assertThat(rule(acme, LEVEL).path("level").asText()).isEqualTo("low");
        assertThat(rule(acme, LEVEL).path("severity_id").asInt()).isEqualTo(2);
        JsonNode globex = get("/api/v1/rules", GLOBEX_KEY).json();
        assertThat(rule(globex, OFF).path("enabled").asBoolean()).as("globex's").isTrue();
        assertThat(rule(globex, LEVEL).path("level").asText()).as("globex's").isEqualTo("high");

        // changed elsewhere since the page read it: the page's version is stale
        Reply elsewhere = sendBody("PATCH", "/api/v1/rules/" + LEVEL, Map.of("X-API-Key", ACME_KEY, "Content-Type",
                "application/json", "If-Match", rule(acme, LEVEL).path("version").asText()), "{\"level\": \"critical\"}");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
        Select picker = new Select(browser.waitFor("select[aria-label='Level of Change my level for this tenant']"));
        picker.selectByValue("medium");
        assertThat(browser.waitForText("[data-testid=rule-message]", "not changed")).contains("read it again");
        assertThat(picker.getFirstSelectedOption().getAttribute("value")).as("put back").isEqualTo("low");
        assertThat(browser.seriousViolations()).isEmpty();
    }
}
