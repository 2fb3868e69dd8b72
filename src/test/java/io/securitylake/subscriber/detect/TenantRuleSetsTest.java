package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant rule sets: the rules of {@code tenants/<tenant>/} apply to that tenant's events alone, a folder of a
 * tenant not configured is refused, and a tenant's overrides (off, another level) change its detections only.
 */
class TenantRuleSetsTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    private static String rule(String id, String eventName, String level) {
        return "title: " + id + "\nid: " + id + "\nlevel: " + level + "\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: " + eventName + "}\n  condition: s\n";
    }

    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private RuleBook book() throws IOException {
        write("global.yml", rule("global-stop", "StopLogging", "high"));
        write("tenants/acme/own.yml", rule("acme-own", "CreateAccessKey", "medium"));
        write("tenants/acme/backup-job.yml", "title: backup job\nid: backup-job\nfilter:\n  rules: [global-stop]\n"
                + "  selection: {userIdentity.userName: backup}\n  condition: not selection\n");
        write("tenants/acme/same-id.yml", rule("global-stop", "DeleteTrail", "low"));
        write("tenants/nobody/theirs.yml", rule("nobody-rule", "DeleteTrail", "low"));
        write("tenants/stray.yml", rule("stray", "DeleteTrail", "low"));
        return new RuleBook(List.of(dir), Set.of("acme", "globex"));
    }

    /** A tenant's overrides as given, without a store: detection's part alone. */
    private static final class Fixed extends RuleSets {
        private final Map<String, Map<String, RuleSets.RuleOverride>> overrides;

        Fixed(RuleBook rules, Map<String, Map<String, RuleSets.RuleOverride>> overrides) {
            super(rules, null, null, Clock.systemUTC(), 1000);
            this.overrides = overrides;
        }

        @Override
        Map<String, RuleSets.RuleOverride> overrides(String tenant) {
            return overrides.getOrDefault(tenant, Map.of());
        }
    }

    private Detector detector(RuleBook book, Map<String, Map<String, RuleSets.RuleOverride>> overrides) {
        return new Detector(book, new Fixed(book, overrides), null, null, null, new LakeMetrics(new SimpleMeterRegistry()),
                1000, new IntelIndicators(), Detector.ownSources(null));
    }

    private TenantBatch batch(String tenant, String... eventNames) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < eventNames.length; i++) {
            Map<String, Object> e = OcsfEvent.cloudTrail(eventNames[i], "iam.amazonaws.com").map();
            rows.add(new EventRow(tenant + "-ev-" + i, 1_764_460_800_000L + i, 6003, null, 1, "111111111111", "us-east-1",
                    "X", json.writeValueAsBytes(e)));
            events.add(e);
        }
        return new TenantBatch(tenant, "b", "k", rows, events);
    }

    private static Map<String, Integer> raised(List<Detection> found) {
        Map<String, Integer> out = new HashMap<>();
        found.forEach(d -> out.put(d.ruleUid(), d.severityId()));
        return out;
    }

    @Test
    void aTenantsFolderHoldsRulesOfThatTenantAloneAndAFolderOfAnUnknownTenantIsRefused() throws IOException {
        RuleBook book = book();

        assertThat(book.rules()).as("rules for every tenant").extracting(SigmaRule::uid).containsExactly("global-stop");
        assertThat(book.inForce().ofTenant("acme").rules()).extracting(SigmaRule::uid).containsExactly("acme-own");
        assertThat(book.inForce().ofTenant("globex").rules()).isEmpty();
        assertThat(book.active("acme")).extracting(RuleBook.RuleInfo::uid).containsExactly("global-stop", "acme-own");
        assertThat(book.active("acme").get(1).own()).isTrue();
        assertThat(book.active("globex")).extracting(RuleBook.RuleInfo::uid).containsExactly("global-stop");

        assertThat(book.refused()).extracting(RuleBook.Refusal::file)
                .containsExactlyInAnyOrder("tenants/nobody/", "tenants/stray.yml");
        assertThat(book.refused()).filteredOn(r -> r.file().equals("tenants/nobody/")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no tenant 'nobody'", "lake.tenants"));
        assertThat(book.refused("acme")).extracting(RuleBook.Refusal::file).as("a tenant's rule cannot take a global id")
                .contains("tenants/acme/same-id.yml").doesNotContain("tenants/acme/backup-job.yml");
        assertThat(book.refused("globex")).extracting(RuleBook.Refusal::file).doesNotContain("tenants/acme/same-id.yml");
    }

    @Test
    void aTenantsOwnRuleFiresOnItsEventsAndNeverOnAnotherTenantsEvents() throws Exception {
        RuleBook book = book();
        Detector detector = detector(book, Map.of());
        Map<String, Object> createKey = OcsfEvent.cloudTrail("CreateAccessKey", "iam.amazonaws.com").map();

        assertThat(detector.screen("acme", createKey).needed()).as("the reading thread keeps what a tenant's own rule matches")
                .isTrue();
        assertThat(detector.screen("globex", createKey).needed()).as("but not for another tenant").isFalse();
        assertThat(raised(detector.evaluate(batch("acme", "CreateAccessKey", "StopLogging"))))
                .containsOnlyKeys("acme-own", "global-stop");
        assertThat(raised(detector.evaluate(batch("globex", "CreateAccessKey", "StopLogging"))))
                .containsOnlyKeys("global-stop");
    }

    @Test
    void aRuleSwitchedOffOrReLevelledChangesOnlyThatTenantsDetections() throws Exception {
        RuleBook book = book();
        Detector detector = detector(book, Map.of(
                "globex", Map.of("global-stop", new RuleSets.RuleOverride(false, null, 1)),
                "acme", Map.of("global-stop", new RuleSets.RuleOverride(true, "low", 1), "acme-own", new RuleSets.RuleOverride(false, null, 2))));

        assertThat(raised(detector.evaluate(batch("globex", "StopLogging", "CreateAccessKey")))).as("switched off")
                .isEmpty();
        assertThat(raised(detector.evaluate(batch("acme", "StopLogging", "CreateAccessKey"))))
                .as("low for acme, its own rule off").containsExactlyEntriesOf(Map.of("global-stop", 2));
        assertThat(raised(detector(book, Map.of()).evaluate(batch("globex", "StopLogging"))))
                .as("as written without overrides").containsExactlyEntriesOf(Map.of("global-stop", 4));
    }
}
