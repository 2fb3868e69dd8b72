package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sigma correlation rule files: what is honoured (event_count, value_count, references by name or id, generate) and
 * what is refused whole at load, with the line and field at fault.
 */
class CorrelationParserTest {

    private static final String BASE = "title: failed login\nname: failed_login\nlogsource: {product: aws, service: cloudtrail}\n"
            + "detection:\n  s: {eventName: ConsoleLogin, status: Failure}\n  condition: s\n";
    private static final String PLAIN = "title: denied\nid: denied\nlogsource: {product: aws, service: cloudtrail}\n"
            + "detection:\n  s: {errorCode: AccessDenied}\n  condition: s\n";

    /** A correlation document (lines 1..) followed by the base rule. */
    private static String file(String correlation) {
        return correlation + "---\n" + BASE;
    }

    private static RuleBook book(String... files) {
        List<String[]> named = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i += 2) {
            named.add(new String[] {files[i], files[i + 1]});
        }
        return new RuleBook(named);
    }

    @Test
    void anEventCountCorrelationIsInForceAndItsBaseRuleFeedsItWithoutRaisingAlone() {
        RuleBook book = book("burst.yml", file("title: burst\nid: burst\nlevel: high\ntags: [attack.t1110]\n"
                + "correlation:\n  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName, sourceIPAddress]\n"
                + "  timespan: 5m\n  condition: {gte: 5}\n"));

        assertThat(book.refused()).isEmpty();
        SigmaCorrelation c = book.correlations().get(0);
        assertThat(c.uid()).isEqualTo("burst");
        assertThat(c.type()).isEqualTo(SigmaCorrelation.Type.EVENT_COUNT);
        assertThat(c.spanMs()).isEqualTo(300_000L);
        assertThat(c.severityId()).isEqualTo(4);
        assertThat(c.baseRules()).containsExactly("burst.failed_login");
        assertThat(c.groupBy()).extracting(SigmaCorrelation.GroupField::entityType).containsExactly("user", "ip");
        assertThat(c.condition().holds(4)).isFalse();
        assertThat(c.condition().holds(5)).isTrue();
        assertThat(book.rules()).singleElement().satisfies(r -> assertThat(r.raises()).isFalse());
        assertThat(book.active()).extracting(RuleBook.RuleInfo::uid).containsExactly("burst");
    }

    @Test
    void aValueCountCorrelationCountsTheFieldOfItsCondition() {
        RuleBook book = book("scan.yml", "title: scan\nid: scan\ncorrelation:\n  type: value_count\n  rules: [flow]\n"
                + "  group-by: src_endpoint.ip\n  timespan: 1h\n  condition:\n    field: dst_endpoint.port\n    gt: 10\n    lte: 20\n"
                + "---\ntitle: flow\nname: flow\nlogsource: {product: aws, service: vpcflow}\ndetection:\n  s: {disposition_id: 2}\n  condition: s\n");

        SigmaCorrelation c = book.correlations().get(0);
        assertThat(c.type()).isEqualTo(SigmaCorrelation.Type.VALUE_COUNT);
        assertThat(c.valueField().name()).isEqualTo("dst_endpoint.port");
        assertThat(c.spanMs()).isEqualTo(3_600_000L);
        assertThat(c.condition().holds(10)).isFalse();
        assertThat(c.condition().holds(11)).isTrue();
        assertThat(c.condition().holds(20)).isTrue();
        assertThat(c.condition().holds(21)).isFalse();
        assertThat(c.condition().bounded()).isTrue();
    }

    @Test
    void generateTrueKeepsTheBaseRuleRaisingItsOwnDetections() {
        RuleBook book = book("burst.yml", file("title: burst\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n"
                + "  timespan: 1d\n  condition: {range: 3..9}\n  generate: true\n"));

        assertThat(book.refused()).isEmpty();
        assertThat(book.rules()).singleElement().satisfies(r -> assertThat(r.raises()).isTrue());
        assertThat(book.correlations().get(0).uid()).isEqualTo("burst");
        assertThat(book.correlations().get(0).condition().asMap()).containsEntry("gte", 3L).containsEntry("lte", 9L);
    }

    @Test
    void aCorrelationMayReferToThePlainRuleOfAnotherFileByIdAndThatRuleStillRaises() {
        RuleBook book = book("denied.yml", PLAIN, "denied-burst.yml", "title: denied burst\ncorrelation:\n"
                + "  type: event_count\n  rules: [denied]\n  group-by: [userIdentity.arn]\n  timespan: 10m\n  condition: {gte: 20}\n");

        assertThat(book.refused()).isEmpty();
        assertThat(book.correlations().get(0).baseRules()).containsExactly("denied");
        assertThat(book.rules()).singleElement().satisfies(r -> assertThat(r.raises()).isTrue());
        assertThat(book.active()).extracting(RuleBook.RuleInfo::uid).containsExactly("denied", "denied-burst");
    }

    static Stream<Arguments> refused() {
        String head = "title: c\ncorrelation:\n";
        String tail = "  rules: [failed_login]\n  group-by: [sourceIPAddress]\n  timespan: 5m\n  condition: {gte: 5}\n";
        return Stream.of(
                Arguments.of("temporal", file(head + "  type: temporal\n" + tail), 3, "correlation.type", "temporal correlations are not supported"),
                Arguments.of("temporal_ordered", file(head + "  type: temporal_ordered\n" + tail), 3, "correlation.type", "temporal_ordered correlations are not supported"),
                Arguments.of("unknown type", file(head + "  type: sum\n" + tail), 3, "correlation.type", "unknown correlation type 'sum'"),
                Arguments.of("aliases", file(head + "  type: event_count\n" + tail + "  aliases:\n    ip: {failed_login: src_endpoint.ip}\n"), 9, "correlation.aliases", "aliases are not supported"),
                Arguments.of("unknown rule", file(head + "  type: event_count\n  rules:\n    - failed_login\n    - nothing_like_it\n"
                        + "  timespan: 5m\n  condition: {gte: 5}\n"), 6, "correlation.rules", "no rule named 'nothing_like_it'"),
                Arguments.of("correlation of correlations", "title: outer\nname: outer\ncorrelation:\n  type: event_count\n  rules: [inner]\n"
                        + "  timespan: 1h\n  condition: {gte: 2}\n---\ntitle: inner\nname: inner\ncorrelation:\n  type: event_count\n"
                        + "  rules: [failed_login]\n  timespan: 5m\n  condition: {gte: 5}\n---\n" + BASE, 5, "correlation.rules", "a correlation of correlations"),
                Arguments.of("bad timespan", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 5 minutes\n  condition: {gte: 5}\n"), 5, "correlation.timespan", "a timespan is a number"),
                Arguments.of("timespan too long", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 30d\n  condition: {gte: 5}\n"), 5, "correlation.timespan", "at most 7d"),
                Arguments.of("no timespan", file(head + "  type: event_count\n  rules: [failed_login]\n  condition: {gte: 5}\n"), 3, "timespan", "the rule has no timespan"),
                Arguments.of("unknown group-by field", file(head + "  type: event_count\n  rules: [failed_login]\n  group-by: [ComputerName]\n"
                        + "  timespan: 5m\n  condition: {gte: 5}\n"), 5, "correlation.group-by", "unknown field 'ComputerName'"),
                Arguments.of("value_count without field", file(head + "  type: value_count\n" + tail), 7, "correlation.condition.field", "names the field"),
                Arguments.of("field on event_count", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 5m\n"
                        + "  condition:\n    field: sourceIPAddress\n    gte: 5\n"), 7, "correlation.condition.field", "field is for value_count"),
                Arguments.of("field outside the condition", file(head + "  type: value_count\n  field: sourceIPAddress\n" + tail), 4, "correlation.field", "in the condition"),
                Arguments.of("unknown condition", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 5m\n"
                        + "  condition: {more_than: 5}\n"), 6, "correlation.condition.more_than", "unknown condition 'more_than'"),
                Arguments.of("no bound", file(head + "  type: value_count\n  rules: [failed_login]\n  timespan: 5m\n"
                        + "  condition: {field: sourceIPAddress}\n"), 6, "correlation.condition", "no bound"),
                Arguments.of("no count satisfies", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 5m\n"
                        + "  condition: {gt: 10, lt: 5}\n"), 6, "correlation.condition", "no count satisfies"),
                Arguments.of("negative count", file(head + "  type: event_count\n  rules: [failed_login]\n  timespan: 5m\n"
                        + "  condition: {gte: -1}\n"), 6, "correlation.condition.gte", "a count is a whole number"),
                Arguments.of("base rule without name or id", head + "  type: event_count\n" + tail
                        + "---\ntitle: x\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {eventName: X}\n  condition: s\n",
                        9, "name", "needs a name or an id"),
                Arguments.of("base rule no correlation refers to", file(head + "  type: event_count\n" + tail)
                        + "---\ntitle: y\nname: orphan\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {eventName: Y}\n  condition: s\n",
                        1, "name", "orphan is referred to by no correlation"),
                Arguments.of("a broken base rule", head + "  type: event_count\n" + tail
                        + "---\ntitle: x\nname: failed_login\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {Image: x}\n  condition: s\n",
                        13, "Image", "unknown field 'Image'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aCorrelationFileTheEngineCannotHonourIsRefusedWholeWithLineAndField(String what, String text, int line, String field,
                                                                            String reason) {
        RuleBook book = book("bad.yml", text, "other.yml", PLAIN);

        assertThat(book.refused()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo("bad.yml");
            assertThat(r.reason()).contains(reason);
            assertThat(r.line()).isEqualTo(line);
            assertThat(r.field()).isEqualTo(field);
        });
        // never half-applied: nothing of the refused file is in force, the other file is
        assertThat(book.correlations()).isEmpty();
        assertThat(book.rules()).extracting(SigmaRule::uid).containsExactly("denied");
    }

    @Test
    void aCorrelationWhoseIdIsTakenIsRefused() {
        RuleBook book = book("denied.yml", PLAIN, "twin.yml", "title: twin\nid: denied\ncorrelation:\n  type: event_count\n"
                + "  rules: [denied]\n  timespan: 5m\n  condition: {gte: 5}\n");

        assertThat(book.refused()).extracting(RuleBook.Refusal::reason).containsExactly("another rule has id denied");
        assertThat(book.correlations()).isEmpty();
    }
}
