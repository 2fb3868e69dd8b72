package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.sigma.OcsfPaths;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.stack.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CloudTrail's names read where Security Lake 1.0 (flattened into {@code unmapped}) and 2.0 ({@code api.request.data}
 * / {@code api.response.data} JSON text) put them, and SigmaHQ's AWS rules on the real Security Lake files.
 */
class CloudTrailFieldsTest {

    private static final String HEAD = "title: t\nid: ct1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n";

    private static boolean matches(String selection, OcsfEvent event) {
        SigmaRule rule = SigmaParser.parse("ct1.yml", "ct1", HEAD + "  s:\n    " + selection + "\n  condition: s\n");
        return rule.matches(event.map());
    }

    static Stream<Arguments> cases() {
        OcsfEvent policy10 = OcsfEvent.cloudTrail("PutUserPolicy", "iam.amazonaws.com")
                .set("unmapped.requestParameters.userName", "bob")
                .set("unmapped.requestParameters.policyDocument",
                        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}");
        OcsfEvent policy20 = OcsfEvent.cloudTrail("PutUserPolicy", "iam.amazonaws.com")
                .set("api.request.data", "{\"userName\":\"bob\",\"policyDocument\":"
                        + "\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:GetObject\\\"}]}\"}");
        OcsfEvent export20 = OcsfEvent.cloudTrail("CreateInstanceExportTask", "ec2.amazonaws.com")
                .set("api.response.data", "{\"exportTask\":{\"state\":\"Failure\"}}");
        OcsfEvent lb10 = OcsfEvent.cloudTrail("CreateLoadBalancer", "elasticloadbalancing.amazonaws.com")
                .set("unmapped.requestParameters.securityGroups[]", "sg-1,sg-2")
                .set("unmapped.requestParameters.containerDefinitions[].command[]", "sh,-c,curl x|sh");
        OcsfEvent role10 = OcsfEvent.cloudTrail("AssumeRole", "sts.amazonaws.com")
                .set("unmapped.userIdentity.sessionContext.sessionIssuer.type", "Role");
        return Stream.of(
                Arguments.of("bare requestParameters, 1.0 flattened", "'requestParameters|contains|all': ['\"s3:GetObject\"', '\"Allow\"', 'userName=bob']", policy10, true),
                Arguments.of("bare requestParameters, 2.0 JSON text with a quoted policy", "'requestParameters|contains|all': ['\"s3:GetObject\"', '\"Allow\"']", policy20, true),
                Arguments.of("bare requestParameters, a value it lacks", "'requestParameters|contains': 'Suspended'", policy10, false),
                Arguments.of("bare responseElements, 2.0", "'responseElements|contains': 'Failure'", export20, true),
                Arguments.of("bare responseElements, absent", "'responseElements|contains': 'Failure'", policy10, false),
                Arguments.of("responseElements.<x> inside api.response.data", "'responseElements.exportTask.state': 'Failure'", export20, true),
                Arguments.of("flattened list, one element", "'requestParameters.securityGroups': 'sg-2'", lb10, true),
                Arguments.of("flattened list, not a substring match", "'requestParameters.securityGroups': 'sg-'", lb10, false),
                Arguments.of("nested flattened list", "'requestParameters.containerDefinitions.command|contains': 'curl'", lb10, true),
                Arguments.of("userIdentity.* falls back to unmapped", "'userIdentity.sessionContext.sessionIssuer.type': 'Role'", role10, true),
                Arguments.of("userIdentity.* absent", "'userIdentity.sessionContext.sessionIssuer.type': 'Role'", policy10, false),
                Arguments.of("MFAUsed from is_mfa", "'additionalEventData.MFAUsed': 'NO'", OcsfEvent.consoleLogin().set("is_mfa", false), true),
                Arguments.of("MFAUsed from mfa (OCSF 1.0)", "'additionalEventData.MFAUsed': 'Yes'", OcsfEvent.consoleLogin().set("mfa", true), true),
                Arguments.of("MFAUsed as written wins", "'additionalEventData.MFAUsed': 'No'",
                        OcsfEvent.consoleLogin().set("is_mfa", false).set("unmapped.additionalEventData.MFAUsed", "Yes"), false),
                Arguments.of("ConsoleLogin from status", "'responseElements.ConsoleLogin': 'Success'", OcsfEvent.consoleLogin(), true),
                Arguments.of("ConsoleLogin failure", "'responseElements.ConsoleLogin': 'Success'", OcsfEvent.consoleLogin().set("status", "Failure"), false),
                Arguments.of("ConsoleLogin only of a ConsoleLogin", "'responseElements.ConsoleLogin': 'Success'", policy10, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aCloudTrailNameIsReadWhereSecurityLakeKeepsIt(String name, String selection, OcsfEvent event, boolean expected) {
        assertThat(matches(selection, event)).isEqualTo(expected);
    }

    @Test
    void everySigmaHqAwsRuleLoads() {
        Path root = Fixtures.folder("sigma").resolve("rules").resolve("cloud/aws");
        RuleBook.Snapshot book = RuleBook.build(SigmaHqCorpusTest.files(root), List.of(), RuleBook.Selection.DEFAULT);

        assertThat(book.refused()).isEmpty();
        assertThat(book.rules()).hasSize(57);
    }

    @Test
    void sigmaHqsConsoleLoginWithoutMfaFiresOnTheRealSecurityLakeEventOnly() throws IOException {
        Path rule = Fixtures.folder("sigma").resolve("rules/cloud/aws/cloudtrail/aws_cloudtrail_console_login_success_without_mfa.yml");
        SigmaRule parsed = SigmaParser.parse(rule.getFileName().toString(), "x", Files.readString(rule));
        Path parquet = Fixtures.folder("parquet");

        assertThat(parsed.matches(event(parquet.resolve("1.0.0-rc.2_CLOUD_TRAIL_authentication_ConsoleLogin.test.gz.parquet")))).isTrue();
        assertThat(parsed.matches(event(parquet.resolve("1.0.0-rc.2_CLOUD_TRAIL_authentication_AssumeRole.test.gz.parquet")))).isFalse();
        assertThat(parsed.matches(event(parquet.resolve("1.0.0-rc.2_CLOUD_TRAIL_account_change_CreateUser.test.gz.parquet")))).isFalse();
    }

    @Test
    void securityLake10sFlattenedListsOfTheRealFileReadAsLists() {
        Map<String, Object> event = event(Fixtures.folder("parquet")
                .resolve("1.0.0-rc.2_CLOUD_TRAIL_api_activity_general_CT_events__CreateLoadBalancer.test.gz.parquet"));

        assertThat(OcsfPaths.reader("requestParameters.subnets").read(event)).containsExactly("subnet-8360a9e7", "subnet-b7d581c0");
        assertThat(OcsfPaths.reader("requestParameters.securityGroups").read(event)).containsExactly("sg-5943793c");
        assertThat(OcsfPaths.reader("requestParameters").read(event)).singleElement().asString()
                .contains("scheme=internet-facing").contains("name=my-load-balancer");
    }

    private static Map<String, Object> event(Path file) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 10)) {
            chunks.forEachRemaining(events::addAll);
        }
        return events.get(0);
    }
}
