package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.SysmonEvents;
import io.securitylake.subscriber.stack.Fixtures;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SigmaHQ's own regression test, made ours: the Sysmon events of its regression data, written as a Sysmon custom
 * source would write them ({@link SysmonEvents}), go through the real ingestion path (S3 object, SQS notification,
 * the service with SigmaHQ's Windows rules as {@code lake.rules.dir}), and each rule raises detections on its own
 * events. The rules that pass, with their match counts, are listed in {@code sigma/regression-expected.txt} (rule
 * ids and numbers only): a listed rule that stops firing, or fires on more or fewer of its events, fails the build.
 * {@code -Dsigma.regression.record=<file>} writes the list as measured instead. Skipped without the fixtures.
 */
@SpringBootTest
class SigmaRegressionFlowTest {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final Path EXPECTED = Path.of("src/test/resources/sigma/regression-expected.txt");

    @BeforeAll
    static void fixtures() {
        Fixtures.folder("sigma");
    }

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "sigma-regression");
        String root = System.getProperty("lake.fixtures", System.getenv("LAKE_FIXTURES"));
        Path rules = root == null ? null : Path.of(root, "sigma", "rules", "windows");
        // without the fixtures the test is skipped; the context then loads the starter pack
        registry.add("lake.rules.dir", () -> rules != null && Files.isDirectory(rules) ? rules.toString() : "rules");
        registry.add("lake.rules.reload-interval", () -> "0s");
    }

    @Autowired
    TenantStores stores;
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void eachSigmaHqRuleFiresOnItsOwnRegressionEventsThroughIngestion() throws IOException {
        List<SigmaRegression.Case> cases = SigmaRegression.cases(Fixtures.folder("sigma").resolve("regression_data"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        List<SysmonEvents.Sysmon> events = new ArrayList<>();
        Map<String, Integer> converted = new LinkedHashMap<>();
        for (SigmaRegression.Case c : cases) {
            for (int i = 0; i < c.events().size(); i++) {
                Map<String, Object> event = c.events().get(i);
                int id = ((Number) ((Map<String, Object>) event.get("System")).get("EventID")).intValue();
                if (SysmonEvents.CONVERTED.contains(id)) {
                    events.add(new SysmonEvents.Sysmon(event, run + "/" + c.name() + "#" + i, now.toEpochMilli() - events.size()));
                    converted.merge(c.name(), 1, Integer::sum);
                }
            }
        }
        Path file = tmp.resolve("sysmon.parquet");
        SysmonEvents.write(file, events);
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        String key = "ext/Sysmon/region=us-east-1/accountId=" + GLOBEX_ACCOUNT + "/eventDay=" + day + "/" + run + ".parquet";
        LakeTestStack.putObject(key, file);
        PROBE.send(LakeTestStack.queueUrl("sigma-regression"), objectCreated(key, Files.size(file)));
        await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));

        Map<String, Integer> fired = new TreeMap<>();
        new JdbcTemplate(stores.dataSource("globex")).query("SELECT d.rule_uid, e FROM detections d, unnest(d.event_uids) e "
                + "WHERE e LIKE ?", rs -> {
                    String caseName = rs.getString(2).substring(run.length() + 1, rs.getString(2).lastIndexOf('#'));
                    fired.merge(caseName + " " + rs.getString(1), 1, Integer::sum);
                }, run + "/%");
        Map<String, Integer> measured = new TreeMap<>();
        int exact = 0;
        StringBuilder report = new StringBuilder();
        for (SigmaRegression.Case c : cases) {
            int n = fired.getOrDefault(c.name() + " " + c.ruleId(), 0);
            if (n > 0) {
                measured.put(c.ruleId(), n);
            }
            boolean asSigmaHq = c.matchCount() == null ? n > 0 : n == c.matchCount();
            exact += asSigmaHq ? 1 : 0;
            if (!asSigmaHq) {
                report.append(String.format("  %s %s: %d of %d events (SigmaHQ expects %s)%n", c.name(), c.ruleId(), n,
                        converted.getOrDefault(c.name(), 0), c.matchCount() == null ? "at least 1" : c.matchCount()));
            }
        }
        System.out.printf("SigmaHQ regression: %d of %d rules fire on their own events; %d with SigmaHQ's match count%n%s",
                measured.size(), cases.size(), exact, report);

        String record = System.getProperty("sigma.regression.record");
        if (record != null && !record.isBlank()) {
            List<String> lines = new ArrayList<>(List.of("# SigmaHQ rules that fire on their own regression events "
                    + "through ingestion: rule id, detections (SigmaRegressionFlowTest)"));
            measured.forEach((id, n) -> lines.add(id + " " + n));
            Files.write(Path.of(record), lines);
            return;
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String line : Files.readAllLines(EXPECTED)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+");
                expected.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        assertThat(expected).as("rules listed in " + EXPECTED).isNotEmpty();
        Map<String, Integer> actual = new TreeMap<>();
        expected.keySet().forEach(id -> actual.put(id, measured.getOrDefault(id, 0)));
        assertThat(actual).as("detections of each listed rule on its own events").isEqualTo(expected);
    }
}
