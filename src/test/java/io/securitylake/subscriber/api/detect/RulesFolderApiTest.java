package io.securitylake.subscriber.api.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rules folder of the operator's own (lake.rules.dir): its good rule is in force, its bad one listed with the reason;
 * a rule's fields seen in the caller's tenant's events (ingested through route ingest-object), by the unmapped Sysmon
 * fields {@code Seen24*} that only this test's events carry.
 */
class RulesFolderApiTest extends ApiTestSupport {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

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
            Files.writeString(dir.resolve("team-seen.yml"), """
                    title: Fields seen or not
                    id: team-seen
                    logsource: {product: windows, category: process_creation}
                    detection:
                      selection:
                        Image|endswith: '\\seen24.exe'
                        Seen24Fresh: 'yes'
                        Seen24Old: 'yes'
                        Seen24Globex: 'yes'
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
                .containsExactlyInAnyOrder("lake-finding", "team-root-login", "team-call-trace", "team-admins", "team-seen");
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

    /**
     * Per rule, each field with the last day the caller's tenant's events carried it in the last 7 days: a field of
     * acme's events of yesterday is seen for acme only, one of globex's for globex only, one of acme's events of 8
     * days ago for nobody; the same events stored again (another object holding them, the same object announced
     * again) leave the same answer and the same rows.
     */
    @Test
    void aRuleSaysPerFieldWhetherAndWhenTheCallersTenantsEventsOfTheLastSevenDaysCarriedIt() throws IOException {
        Instant now = Instant.now();
        LocalDate yesterday = LocalDate.ofInstant(now.minus(Duration.ofDays(1)), ZoneOffset.UTC);
        LocalDate eightDaysAgo = LocalDate.ofInstant(now.minus(Duration.ofDays(8)), ZoneOffset.UTC);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path acmeFile = sysmon("acme.parquet", List.of(
                SysmonEvents.launch(run + "/fresh", now.minus(Duration.ofDays(1)), Map.of("Image", "C:\\Windows\\seen24.exe",
                        "Seen24Fresh", "no")),
                SysmonEvents.launch(run + "/old", now.minus(Duration.ofDays(8)), Map.of("Image", "C:\\Windows\\old.exe",
                        "Seen24Old", "no"))));
        Path globexFile = sysmon("globex.parquet", List.of(
                SysmonEvents.launch(run + "/globex", now.minus(Duration.ofDays(1)), Map.of("Seen24Globex", "no"))));
        String acmeKey = ingest(acmeFile, ACME_ACCOUNT, run + "-acme");
        ingest(globexFile, GLOBEX_ACCOUNT, run + "-globex");

        JsonNode acme = fields(get("/api/v1/rules", ACME_KEY).json());
        JsonNode globex = fields(get("/api/v1/rules", GLOBEX_KEY).json());

        assertThat(acme).extracting(f -> f.path("field").asText())
                .containsExactly("Image", "Seen24Fresh", "Seen24Globex", "Seen24Old");
        assertThat(lastSeen(acme, "Seen24Fresh")).isEqualTo(yesterday.toString());
        assertThat(lastSeen(acme, "Image")).isNotNull();
        assertThat(lastSeen(acme, "Seen24Globex")).as("globex's events never make acme's field seen").isNull();
        assertThat(lastSeen(acme, "Seen24Old")).as("8 days ago is not in the last 7").isNull();
        assertThat(lastSeen(globex, "Seen24Globex")).isEqualTo(yesterday.toString());
        assertThat(lastSeen(globex, "Seen24Fresh")).as("acme's events never make globex's field seen").isNull();
        assertThat(lastSeen(globex, "Seen24Old")).isNull();
        List<Map<String, Object>> rows = seenRows("acme");
        assertThat(rows).extracting(r -> r.get("path") + " " + r.get("day"))
                .as("the old day is recorded, the span leaves it out")
                .containsExactlyInAnyOrder("unmapped.Seen24Fresh " + yesterday, "unmapped.Seen24Old " + eightDaysAgo);
        assertThat(seenRows("globex")).extracting(r -> r.get("path") + " " + r.get("day"))
                .containsExactly("unmapped.Seen24Globex " + yesterday);

        ingest(acmeFile, ACME_ACCOUNT, run + "-acme-again");
        ingestHere(objectCreated(acmeKey, Files.size(acmeFile)));

        assertThat(fields(get("/api/v1/rules", ACME_KEY).json())).isEqualTo(acme);
        assertThat(seenRows("acme")).isEqualTo(rows);
    }

    private static JsonNode fields(JsonNode rules) {
        return DetectionApiTest.rule(rules, "team-seen").path("fields");
    }

    private static String lastSeen(JsonNode fields, String field) {
        for (JsonNode f : fields) {
            if (f.path("field").asText().equals(field)) {
                return f.path("last_seen").isNull() ? null : f.path("last_seen").asText();
            }
        }
        throw new AssertionError("no field " + field + " in " + fields);
    }

    /** The tenant's rows of this test's own fields (unmapped.Seen24*), in order. */
    private List<Map<String, Object>> seenRows(String tenant) {
        return new JdbcTemplate(stores.dataSource(tenant)).queryForList("SELECT day, class_uid, path FROM "
                + "event_fields_seen WHERE path LIKE 'unmapped.Seen24%' ORDER BY day, class_uid, path");
    }

    private Path sysmon(String name, List<SysmonEvents.Sysmon> events) {
        Path file = tmp.resolve(name);
        SysmonEvents.write(file, new ArrayList<>(events));
        return file;
    }

    /** Puts the file as an object of a Sysmon custom source of the account and ingests it; returns its key. */
    private String ingest(Path file, String account, String name) throws IOException {
        String key = "ext/Sysmon/region=us-east-1/accountId=" + account + "/eventDay="
                + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "/" + name + ".parquet";
        LakeTestStack.putObject(key, file);
        ingestHere(objectCreated(key, Files.size(file)));
        await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));
        return key;
    }
}
