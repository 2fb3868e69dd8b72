package io.securitylake.subscriber.api.detections;

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
                .containsExactly("lake-finding", "team-root-login");
        assertThat(DetectionApiTest.rule(rules, "team-root-login").path("severity_id").asInt()).isEqualTo(5);
        assertThat(rules.path("refused")).hasSize(1);
        JsonNode refused = rules.path("refused").get(0);
        assertThat(refused.path("file").asText()).isEqualTo("team-windows.yml");
        assertThat(refused.path("line").asInt()).isEqualTo(5);
        assertThat(refused.path("field").asText()).isEqualTo("CommandLine");
        assertThat(refused.path("reason").asText()).contains("unknown field 'CommandLine'");
    }
}
