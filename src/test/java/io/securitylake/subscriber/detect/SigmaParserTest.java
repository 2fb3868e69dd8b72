package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.sigma.Logsource;
import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Sigma subset: selections, modifiers, conditions, levels; and what is refused at load, with where and why. */
class SigmaParserTest {

    private static final String HEAD = "title: t\nid: r1\nlogsource: {product: aws, service: cloudtrail}\n";

    private static SigmaRule rule(String detection) {
        return SigmaParser.parse("r1.yml", "r1", HEAD + "detection:\n" + detection);
    }

    private static Map<String, Object> call(String operation) {
        return OcsfEvent.cloudTrail(operation, "iam.amazonaws.com").map();
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("plain value, case-insensitive", "  s: {eventName: createuser}\n  condition: s", call("CreateUser"), true),
                Arguments.of("plain value, other", "  s: {eventName: CreateUser}\n  condition: s", call("DeleteUser"), false),
                Arguments.of("list is OR", "  s: {eventName: [A, CreateUser]}\n  condition: s", call("CreateUser"), true),
                Arguments.of("map is AND", "  s: {eventName: CreateUser, eventSource: s3.amazonaws.com}\n  condition: s", call("CreateUser"), false),
                Arguments.of("list of maps is OR", "  s:\n    - {eventName: X}\n    - {eventSource: iam.amazonaws.com}\n  condition: s", call("CreateUser"), true),
                Arguments.of("wildcard", "  s: {eventName: 'Create*'}\n  condition: s", call("CreateUser"), true),
                Arguments.of("contains", "  s: {eventName|contains: eateUs}\n  condition: s", call("CreateUser"), true),
                Arguments.of("contains ignores case", "  s: {eventName|contains: EATEUS}\n  condition: s", call("CreateUser"), true),
                Arguments.of("a list in the event matches when any element does", "  s: {resources.uid|endswith: sg-2}\n  condition: s",
                        OcsfEvent.cloudTrail("X", "ec2.amazonaws.com").list("resources", Map.of("uid", "sg-1"), Map.of("uid", "sg-2")).map(), true),
                Arguments.of("all over a list in the event", "  s: {resources.uid|contains|all: [sg-1, sg-3]}\n  condition: s",
                        OcsfEvent.cloudTrail("X", "ec2.amazonaws.com").list("resources", Map.of("uid", "sg-1"), Map.of("uid", "sg-2")).map(), false),
                Arguments.of("startswith", "  s: {eventName|startswith: Delete}\n  condition: s", call("CreateUser"), false),
                Arguments.of("endswith", "  s: {eventName|endswith: User}\n  condition: s", call("CreateUser"), true),
                Arguments.of("re", "  s: {eventName|re: '^Create(User|Role)$'}\n  condition: s", call("CreateRole"), true),
                Arguments.of("re, no match", "  s: {eventName|re: '^Create(User|Role)$'}\n  condition: s", call("CreateRoles"), false),
                Arguments.of("cidr", "  s: {sourceIPAddress|cidr: 198.51.100.0/24}\n  condition: s", call("X"), true),
                Arguments.of("cidr, outside", "  s: {sourceIPAddress|cidr: 203.0.113.0/24}\n  condition: s", call("X"), false),
                Arguments.of("contains|all", "  s: {eventName|contains|all: [Create, User]}\n  condition: s", call("CreateUser"), true),
                Arguments.of("contains|all, one missing", "  s: {eventName|contains|all: [Create, Role]}\n  condition: s", call("CreateUser"), false),
                Arguments.of("gt", "  s: {severity_id|gt: 0}\n  condition: s", call("X"), true),
                Arguments.of("gte", "  s: {severity_id|gte: 2}\n  condition: s", call("X"), false),
                Arguments.of("lt", "  s: {severity_id|lt: 2}\n  condition: s", call("X"), true),
                Arguments.of("lte", "  s: {severity_id|lte: 0}\n  condition: s", call("X"), false),
                Arguments.of("null is absence", "  s: {errorCode: null}\n  condition: s", call("X"), true),
                Arguments.of("not", "  s: {eventName: CreateUser}\n  condition: not s", call("CreateUser"), false),
                Arguments.of("and / or / parentheses", "  a: {eventName: X}\n  b: {eventName: CreateUser}\n  c: {eventSource: iam.amazonaws.com}\n"
                        + "  condition: (a or b) and c", call("CreateUser"), true),
                Arguments.of("not binds tighter than and", "  a: {eventName: CreateUser}\n  b: {eventName: X}\n"
                        + "  condition: not b and a", call("CreateUser"), true),
                Arguments.of("1 of sel*", "  sel_a: {eventName: X}\n  sel_b: {eventName: CreateUser}\n  condition: 1 of sel_*", call("CreateUser"), true),
                Arguments.of("all of sel*", "  sel_a: {eventName: X}\n  sel_b: {eventName: CreateUser}\n  condition: all of sel_*", call("CreateUser"), false),
                Arguments.of("1 of them", "  a: {eventName: X}\n  b: {eventName: Y}\n  condition: 1 of them", call("CreateUser"), false),
                Arguments.of("all of them", "  a: {eventName: CreateUser}\n  b: {eventSource: iam.amazonaws.com}\n  condition: all of them", call("CreateUser"), true),
                Arguments.of("OCSF path directly", "  s: {actor.user.name: alice}\n  condition: s", call("X"), true),
                Arguments.of("userIdentity.arn maps to OCSF", "  s: {userIdentity.arn|endswith: /alice}\n  condition: s", call("X"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void supportedSigmaMatchesAsSpecified(String what, String detection, Map<String, Object> event, boolean expected) {
        assertThat(rule(detection).matches(event)).isEqualTo(expected);
    }

    @Test
    void aRuleSelectsOnlyItsLogsource() {
        SigmaRule rule = rule("  s: {src_endpoint.ip: 203.0.113.50}\n  condition: s");

        assertThat(rule.matches(OcsfEvent.vpcFlow(443, 1).map())).isFalse();
    }

    @Test
    void noLogsourceSelectsAFindingClassSoNoRuleRaisesALakeFindingAgain() {
        for (Logsource logsource : Logsource.KNOWN.values()) {
            assertThat(logsource.classUids()).as(logsource.name()).doesNotContainAnyElementsOf(LakeFindings.CLASSES);
        }
    }

    @Test
    void levelAndTagsBecomeSeverityAndAttackTags() {
        SigmaRule rule = SigmaParser.parse("r.yml", "r", HEAD + "level: critical\ntags: [attack.T1078.004, attack.persistence, cve.2021-1]\n"
                + "detection:\n  s: {eventName: X}\n  condition: s\n");

        assertThat(rule.severityId()).isEqualTo(5);
        assertThat(rule.attackTags()).containsExactly("t1078.004", "persistence");
    }

    @Test
    void theFileNameIsTheUidOfARuleWithoutId() {
        SigmaRule rule = SigmaParser.parse("my-rule.yml", "my-rule",
                "title: t\nlogsource: {product: crowdstrike}\ndetection:\n  s: {process.name: x}\n  condition: s\n");

        assertThat(rule.uid()).isEqualTo("my-rule");
        assertThat(rule.severityId()).isEqualTo(3);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("not YAML", HEAD + "detection: [a: b\n", 5, null, "not valid YAML"),
                Arguments.of("unknown modifier", HEAD + "detection:\n  s:\n    eventName|sideways: x\n  condition: s\n", 6, "eventName|sideways", "unsupported modifier 'sideways'"),
                Arguments.of("unknown field", HEAD + "detection:\n  s:\n    Image: x.exe\n  condition: s\n", 6, "Image", "unknown field 'Image'"),
                Arguments.of("unknown logsource", "title: t\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s: {a: b}\n  condition: s\n", 3, "logsource", "unknown logsource 'windows/security'"),
                Arguments.of("unknown category", "title: t\nlogsource:\n  product: windows\n  category: pipe_created\ndetection:\n  s: {a: b}\n  condition: s\n", 3, "logsource", "unknown logsource 'windows/pipe_created'"),
                Arguments.of("security hub findings", "title: t\nlogsource: {product: aws, service: securityhub}\ndetection:\n  s: {severity_id: 5}\n  condition: s\n", 2, "logsource.service", "detections already"),
                Arguments.of("condition names no selection", HEAD + "detection:\n  s: {eventName: x}\n  condition: s and t\n", 6, "detection.condition", "'t'"),
                Arguments.of("aggregation", HEAD + "detection:\n  s: {eventName: x}\n  condition: s | count() > 5\n", 6, "detection.condition", "aggregations"),
                Arguments.of("bad regular expression", HEAD + "detection:\n  s:\n    eventName|re: '(unclosed'\n  condition: s\n", 6, "eventName|re", "invalid regular expression"),
                Arguments.of("bad cidr", HEAD + "detection:\n  s:\n    sourceIPAddress|cidr: 300.1.2.0/24\n  condition: s\n", 6, "sourceIPAddress|cidr", "not a CIDR"),
                Arguments.of("unknown level", HEAD + "level: urgent\ndetection:\n  s: {eventName: x}\n  condition: s\n", 4, "level", "unknown level 'urgent'"),
                Arguments.of("no condition", HEAD + "detection:\n  s: {eventName: x}\n", 5, "detection.condition", "no condition"),
                Arguments.of("two documents", HEAD + "detection:\n  s: {eventName: x}\n  condition: s\n---\ntitle: u\n", 8, null, "several YAML documents"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aRuleTheEngineCannotHonourIsRefusedWithLineFieldAndReason(String what, String text, int line, String field, String reason) {
        assertThatThrownBy(() -> SigmaParser.parse("bad.yml", "bad", text))
                .isInstanceOfSatisfying(RuleRefused.class, e -> {
                    assertThat(e.getMessage()).contains(reason);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void aRefusedFileIsListedAndTheOtherRulesStillWork() {
        RuleBook book = new RuleBook(java.util.List.of(
                new String[] {"good.yml", HEAD.replace("r1", "good") + "detection:\n  s: {eventName: CreateUser}\n  condition: s\n"},
                new String[] {"bad.yml", HEAD.replace("r1", "bad") + "detection:\n  s: {eventName|sideways: x}\n  condition: s\n"},
                new String[] {"twin.yml", HEAD.replace("r1", "good") + "detection:\n  s: {eventName: X}\n  condition: s\n"}));

        assertThat(book.rules()).extracting(SigmaRule::uid).containsExactly("good");
        assertThat(book.refused()).extracting(RuleBook.Refusal::file).containsExactly("bad.yml", "twin.yml");
        assertThat(book.refused().get(0).reason()).contains("unsupported modifier 'sideways'");
        assertThat(book.refused().get(1).reason()).contains("another rule has id good");
        assertThat(book.rules().get(0).matches(call("CreateUser"))).isTrue();
    }
}
