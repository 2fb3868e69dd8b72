package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.sigma.FieldMatcher;
import io.securitylake.subscriber.sigma.Placeholders;
import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sigma's {@code expand} modifier with each tenant's own placeholder values, and keyword lists matched against the
 * event's text attributes.
 */
class ExpandAndKeywordsTest {

    private static final String HEAD = "title: t\nid: %s\nlogsource: {product: crowdstrike}\ndetection:\n";
    private static final Placeholders VALUES = new Placeholders(Map.of(
            "acme", Map.of("tools", List.of("mimikatz", "rubeus"), "share", List.of("\\\\fs01")),
            "globex", Map.of("tools", List.of("psexec"))));

    private static SigmaRule rule(String uid, String detection) {
        return SigmaParser.parse(uid + ".yml", uid, HEAD.formatted(uid) + detection);
    }

    private static List<String> raised(String tenant, String ruleText, Map<String, Object> event) {
        RuleBook book = new RuleBook(List.<String[]>of(new String[] {"r.yml", HEAD.formatted("r1") + ruleText}));
        Detector detector = new Detector(book, null, new LakeMetrics(new SimpleMeterRegistry()), 1000).placeholders(VALUES);
        EventRow row = new EventRow("e1", 1_764_460_800_000L, 1007, null, 1, null, null, null, new byte[0]);
        List<Detection> found = detector.evaluate(new TenantBatch(tenant, "b", "k", List.of(row), new ArrayList<>(List.of(event))));
        return found.stream().map(Detection::ruleUid).toList();
    }

    private static final String EXPAND = "  s:\n    process.cmd_line|expand|contains: '%tools%'\n  condition: s\n";

    @Test
    void expandUsesTheValuesOfTheTenantWhoseEventsAreEvaluated() {
        Map<String, Object> mimikatz = OcsfEvent.process("C:\\t\\m.exe", "m.exe MIMIKATZ sekurlsa::logonpasswords").map();
        Map<String, Object> psexec = OcsfEvent.process("C:\\t\\p.exe", "psexec \\\\host cmd").map();

        assertThat(raised("acme", EXPAND, mimikatz)).containsExactly("r1");
        assertThat(raised("acme", EXPAND, psexec)).isEmpty();
        assertThat(raised("globex", EXPAND, psexec)).containsExactly("r1");
        assertThat(raised("globex", EXPAND, mimikatz)).isEmpty();
        // a tenant without the placeholder: nothing, whatever the event
        assertThat(raised("initech", EXPAND, mimikatz)).isEmpty();
    }

    @Test
    void outsideAnyTenantAnExpandTestMatchesNothing() {
        SigmaRule rule = rule("r2", EXPAND);
        Map<String, Object> psexec = OcsfEvent.process("C:\\t\\p.exe", "psexec \\\\host cmd").map();

        assertThat(rule.matches(psexec)).isFalse();
        assertThat(VALUES.within("acme", () -> rule.matches(psexec))).isFalse();
    }

    @Test
    void aValueWithSeveralPlaceholdersTakesEveryCombinationAndKeepsItsText() {
        Placeholders.Values values = new Placeholders.Values(Map.of("a", List.of("1", "2"), "b", List.of("x", "y")));

        assertThat(FieldMatcher.expanded("%a%-%b%!", values)).containsExactlyInAnyOrder("1-x!", "1-y!", "2-x!", "2-y!");
        assertThat(FieldMatcher.expanded("pre %a% %none%", values)).isEmpty();
        assertThat(rule("r3", "  s:\n    process.cmd_line|expand|startswith: '%share%\\'\n  condition: s\n").placeholders())
                .containsExactly("share");
        assertThat(VALUES.missing("acme", Set.of("tools", "share", "admins"))).containsExactly("admins");
        assertThat(VALUES.missing("initech", Set.of("tools"))).containsExactly("tools");
        // names compare without their case (Spring's binding of map keys may not keep it)
        assertThat(VALUES.missing("acme", Set.of("Tools"))).isEmpty();
    }

    @Test
    void expandIsRefusedWithoutAPlaceholderOrWithAComparisonItCannotTake() {
        assertThatThrownBy(() -> rule("r4", "  s:\n    process.cmd_line|expand: 'plain'\n  condition: s\n"))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> rule("r5", "  s:\n    process.cmd_line|expand|re: '%x%'\n  condition: s\n"))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("expand goes with");
        assertThatThrownBy(() -> rule("r6", "  s:\n    process.cmd_line|expand|contains|all: ['%x%']\n  condition: s\n"))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("expand goes with");
    }

    @Test
    void aKeywordListMatchesTheEventsTextAttributesAndUnmappedValues() {
        SigmaRule rule = rule("r7", "  keywords:\n    - 'sekurlsa::'\n    - 'Invoke-Mimikatz'\n  filter:\n"
                + "    process.file.path|endswith: '\\defender.exe'\n  condition: keywords and not filter\n");

        assertThat(rule.matches(OcsfEvent.process("C:\\t\\m.exe", "m.exe sekurlsa::logonpasswords").map())).isTrue();
        assertThat(rule.matches(OcsfEvent.process("C:\\t\\x.exe", "x").set("message", "ran invoke-mimikatz").map())).isTrue();
        assertThat(rule.matches(OcsfEvent.process("C:\\t\\x.exe", "x").set("unmapped.ScriptBlockText", "Invoke-Mimikatz -Dump").map())).isTrue();
        assertThat(rule.matches(OcsfEvent.process("C:\\p\\defender.exe", "scan sekurlsa::").map())).isFalse();
        // not every attribute: the device's name is no text a keyword is looked for in
        assertThat(rule.matches(OcsfEvent.process("C:\\t\\x.exe", "x").set("device.hostname", "sekurlsa::").map())).isFalse();
    }

    @Test
    void aSingleKeywordAndWildcardsWork() {
        SigmaRule rule = rule("r8", "  keywords: 'net*localgroup administrators'\n  condition: keywords\n");

        assertThat(rule.matches(OcsfEvent.process("C:\\w\\net.exe", "net.exe localgroup administrators eve /add").map())).isTrue();
        assertThat(rule.matches(OcsfEvent.process("C:\\w\\net.exe", "net.exe user").map())).isFalse();
        assertThatThrownBy(() -> rule("r9", "  keywords: [~]\n  condition: keywords\n")).isInstanceOf(RuleRefused.class);
        assertThatThrownBy(() -> rule("r10", "  s:\n    - evil\n    - {process.cmd_line: x}\n  condition: s\n"))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("a list of keywords");
    }
}
