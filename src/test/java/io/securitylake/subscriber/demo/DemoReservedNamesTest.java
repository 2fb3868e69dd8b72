package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo lake names no real party: every host name and address it writes is reserved for examples. */
class DemoReservedNamesTest {

    private static final List<GenericRecord> ROWS = new ArrayList<>();
    private static final List<String> NOTIFICATIONS = new ArrayList<>();
    private static final List<String> KEYS = new ArrayList<>();

    @BeforeAll
    static void writeADemoRound(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        DemoFeedPlan plan = new DemoFeedPlan(random);
        List<DemoBatch> batches = new ArrayList<>(plan.round(Instant.parse("2026-11-30T20:25:13Z")));
        // every source at a size where its rare values (suspicious names, failures) show up
        for (DemoSource source : DemoSource.values()) {
            batches.add(new DemoBatch(source, "123456789012", "eu-west-1",
                    DemoLake.Window.before(Instant.parse("2026-11-29T08:00:00Z")), 3_000, random.nextLong()));
        }
        for (DemoBatch batch : batches) {
            Path file = dir.resolve(batch.seed() + ".parquet");
            long size = DemoLake.write(file, batch, DemoLake.Options.defaults());
            ROWS.addAll(DemoRows.read(file));
            KEYS.add(batch.key());
            NOTIFICATIONS.add(DemoNotifications.any(random, "aws-security-data-lake-us-east-1-demo", batch.key(), size));
        }
    }

    @Test
    void everyHostNameAndAddressOfADemoRoundIsReservedForExamples() {
        List<String> outside = new ArrayList<>();
        for (GenericRecord row : ROWS) {
            DemoRows.walk(row, "", (path, value) -> {
                if (value instanceof CharSequence text) {
                    outside.addAll(ReservedNames.outside(path, text.toString()));
                }
            });
        }
        NOTIFICATIONS.forEach(body -> outside.addAll(ReservedNames.outside("notification", body)));
        KEYS.forEach(key -> outside.addAll(ReservedNames.outside("key", key)));

        assertThat(ROWS).hasSizeGreaterThan(20_000);
        assertThat(outside).as("names and addresses outside the reserved sets").isEmpty();
    }

    @Test
    void dnsDataStillLooksLikeARealResolversWithSuspiciousNamesForTheRulesToFind() {
        List<String> queries = ROWS.stream().filter(r -> r.get("class_uid").equals(4003))
                .map(r -> ((GenericRecord) r.get("query")).get("hostname").toString()).toList();

        assertThat(queries).anyMatch(q -> q.matches("[a-z0-9]{9,14}\\.badcdn\\.example\\."))
                .anyMatch(q -> q.equals("login-update.zip.example."))
                .anyMatch(q -> q.matches("[0-9a-f]{56}\\.tunnel\\.example\\."))
                .anyMatch(q -> q.matches("ip-10-\\d+-\\d+-\\d+\\.[a-z0-9-]+\\.compute\\.vpc\\.example\\."));
        assertThat(queries.stream().distinct().count()).isGreaterThan(20);
        // the blocked domain is the one the firewall lists
        assertThat(ROWS).filteredOn(r -> r.get("class_uid").equals(4003) && r.get("disposition_id").equals(2))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(((GenericRecord) r.get("query")).get("hostname").toString()).endsWith(".badcdn.example."));
    }

    /**
     * Reserved names and addresses moved just outside their reserved sets: what the check must catch. Made from
     * the reserved ones, so that the repository itself names no real party even here.
     */
    static Stream<String> namesJustOutsideTheReservedSets() {
        return Stream.of(moved("x7f3k2p9q.badcdn.example.", ".example.", ".com."),
                moved("api.code-hosting.example", ".example", ".org"),
                "curl https://" + moved("mirror.packages.example", ".example", ".io") + "/simple",
                "nltest /dclist:" + moved("corp.example.com", ".example.com", ".net"),
                "http://" + moved("deb.mirror.example", ".example", ".org") + "/debian",
                nextNetwork("198.51.100.7"), "from " + nextNetwork("203.0.113.53") + ":53", nextNetwork("192.0.2.1"),
                "2001:db8:abcd::1".replace("db8", "db9"));
    }

    @ParameterizedTest
    @MethodSource("namesJustOutsideTheReservedSets")
    void theCheckFindsNamesAndAddressesOutsideTheReservedSets(String text) {
        assertThat(ReservedNames.outside("query.hostname", text)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x7f3k2p9q.badcdn.example.", "https://docs.example.com/x", "_spf.corp.example.com",
            "login-update.zip.example.", "198.51.100.7", "http://10.1.2.3/update/a.bin", "2001:db8:1:2::3",
            "C:\\Windows\\System32\\svchost.exe -k netsvcs", "/opt/app/worker.py --queue q", "a.test", "b.invalid",
            "Chrome/123.0.6312.86", "vendor/Amazon.com_Inc."})
    void theCheckLetsReservedNamesAndThingsThatAreNoHostsPass(String text) {
        assertThat(ReservedNames.outside("query.hostname", text)).isEmpty();
    }

    @Test
    void awsServiceNamesPassOnlyWhereAwsWritesThemAsIdentifiers() {
        assertThat(ReservedNames.outside("api.service.name", "iam.amazonaws.com")).isEmpty();
        assertThat(ReservedNames.outside("unmapped.tlsDetails.clientProvidedHostHeader", "ec2.us-east-1.amazonaws.com")).isEmpty();
        assertThat(ReservedNames.outside("query.hostname", "iam.amazonaws.com")).isNotEmpty();
    }

    private static String moved(String name, String reservedSuffix, String publicSuffix) {
        return name.replace(reservedSuffix, publicSuffix);
    }

    /** The address one /24 further on: just outside its documentation network. */
    private static String nextNetwork(String ip) {
        String[] octets = ip.split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + 1) + "." + octets[3];
    }
}
