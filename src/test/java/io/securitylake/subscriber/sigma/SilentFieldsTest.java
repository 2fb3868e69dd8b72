package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.ocsf.AttributeGraph;
import org.junit.jupiter.api.Test;

/**
 * Silent by construction: the fields of a rule that no event of its logsource's classes can carry, by the OCSF
 * schema's attribute graph.
 */
class SilentFieldsTest {

    private static SigmaRule rule(String logsource, String selection) {
        return SigmaParser.parse("s.yml", "s1", "title: t\nid: s1\nlogsource: " + logsource + "\ndetection:\n  s:\n"
                + selection + "\n  condition: s\n");
    }

    @Test
    void theGraphKnowsWhichPathsAClassCanCarry() {
        AttributeGraph graph = AttributeGraph.get();

        assertThat(graph.carries(1007, "process.cmd_line")).isTrue();
        assertThat(graph.carries(1007, "process.parent_process.parent_process.file.path")).isTrue();
        assertThat(graph.carries(1007, "process.file.hashes.value")).isTrue();
        assertThat(graph.carries(4003, "query.hostname")).isTrue();
        assertThat(graph.carries(4003, "actor.process.cmd_line")).isTrue();
        assertThat(graph.carries(201002, "reg_value.data")).isTrue();
        assertThat(graph.carries(3002, "unmapped.additionalEventData.MFAUsed")).isTrue();
        assertThat(graph.carries(6003, "api.request.data.bucketName")).isTrue();

        assertThat(graph.carries(4003, "process.cmd_line")).isFalse();
        assertThat(graph.carries(1007, "query.hostname")).isFalse();
        assertThat(graph.carries(1007, "process.cmd_line.x")).isFalse();
        assertThat(graph.carries(1007, "process.no_such_attribute")).isFalse();
        // a class the graph does not hold is not judged
        assertThat(graph.carries(99999, "anything.at.all")).isTrue();
    }

    @Test
    void aFieldNoEventOfTheRulesClassesCanCarryIsNamedSilent() {
        assertThat(rule("{category: dns_query, product: windows}",
                "    QueryName|endswith: '.onion'\n    process.cmd_line|contains: 'tor'").silent())
                .containsExactly("process.cmd_line");
        assertThat(rule("{category: process_creation, product: windows}",
                "    CommandLine|contains: 'x'\n    Image|endswith: '\\\\a.exe'\n    Hashes|contains: 'MD5='").silent()).isEmpty();
        assertThat(rule("{product: aws, service: cloudtrail}",
                "    eventType: AwsApiCall\n    userIdentity.sessionContext.sessionIssuer.type: Role\n    requestParameters|contains: x").silent())
                .isEmpty();
        assertThat(rule("{product: aws, service: cloudtrail}", "    query.hostname: evil.example").silent())
                .containsExactly("query.hostname");
    }

    @Test
    void anEndpointFieldWithNoOcsfPlaceIsSilentItsUnmappedFallbackNotWithstanding() {
        SigmaRule rule = rule("{category: process_access, product: windows}",
                "    TargetImage|endswith: '\\\\lsass.exe'\n    CallTrace|contains: 'UNKNOWN'");

        assertThat(rule.silent()).containsExactly("CallTrace");
        assertThat(rule.fields()).containsEntry("CallTrace", java.util.List.of("unmapped.CallTrace"));
    }
}
