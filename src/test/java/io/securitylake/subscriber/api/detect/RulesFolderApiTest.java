package io.securitylake.subscriber.api.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A rules folder of the operator's own (lake.rules.dir): its good rule is in force, its bad one listed with the reason. */
class RulesFolderApiTest extends ApiTestSupport {

    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry r) {
        r.add("lake.rules.dir", RulesFolderApiTest::folder);
        r.add("lake.tenants.acme.placeholders.admins", () -> "arn:aws:iam::111111111111:user/alice,*:role/Admin");
    }

    private static String folder() {
        try {
            Path dir = Files.createTempDirectory("rules");
            Files.writeString(dir.resolve("team-root-login.yml"), """
                    title: Root console login
                    id: team-root-login
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection: {eventName: ConsoleLogin, userIdentity.type: Root}
                      condition: selection
                    level: critical
                    """);
            Files.writeString(dir.resolve("team-windows.yml"), """
                    title: Windows rule
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection:
                        CommandLine|base64offset|contains: IEX
                      condition: selection
                    """);
            Files.writeString(dir.resolve("team-call-trace.yml"), """
                    title: Unknown module in the call trace
                    id: team-call-trace
                    logsource: {product: windows, category: process_access}
                    detection:
                      selection:
                        TargetImage|endswith: '\\lsass.exe'
                        CallTrace|contains: UNKNOWN
                      condition: selection
                    """);
            Files.writeString(dir.resolve("team-admins.yml"), """
                    title: An admin's call
                    id: team-admins
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection:
                        userIdentity.arn|expand: '%admins%'
                      condition: selection
                    """);
            Files.writeString(dir.resolve("notes.txt"), "not a rule");
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFoldersRulesAreInForceAndARefusedFileIsListedWithLineFieldAndReason() {
        JsonNode rules = get("/api/v1/rules", ACME_KEY).json();

        assertThat(rules.path("items")).extracting(r -> r.path("uid").asText())
                .containsExactlyInAnyOrder("lake-finding", "team-root-login", "team-call-trace", "team-admins");
        assertThat(DetectionApiTest.rule(rules, "team-root-login").path("severity_id").asInt()).isEqualTo(5);
        assertThat(rules.path("refused")).hasSize(1);
        JsonNode refused = rules.path("refused").get(0);
        assertThat(refused.path("file").asText()).isEqualTo("team-windows.yml");
        assertThat(refused.path("line").asInt()).isEqualTo(5);
        assertThat(refused.path("field").asText()).isEqualTo("CommandLine");
        assertThat(refused.path("reason").asText()).contains("unknown field 'CommandLine'");
    }

    @Test
    void aRuleSaysWhichOfItsFieldsNoEventCanCarryAndWhichPlaceholdersTheCallersTenantLacks() {
        JsonNode acme = get("/api/v1/rules", ACME_KEY).json();
        JsonNode globex = get("/api/v1/rules", GLOBEX_KEY).json();

        assertThat(DetectionApiTest.rule(acme, "team-call-trace").path("silent")).extracting(JsonNode::asText)
                .containsExactly("CallTrace");
        assertThat(DetectionApiTest.rule(acme, "team-root-login").path("silent")).isEmpty();
        assertThat(DetectionApiTest.rule(acme, "team-admins").path("placeholders_missing")).isEmpty();
        assertThat(DetectionApiTest.rule(globex, "team-admins").path("placeholders_missing")).extracting(JsonNode::asText)
                .containsExactly("admins");
    }
}
