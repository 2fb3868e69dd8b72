package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.tenant.TenantSettings;
import java.util.ArrayList;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.rules.dir} as a published corpus is laid out: several folders, read recursively; deprecated and
 * unsupported rules left out by default, the statuses and the minimum level as settings; refusals summed by reason.
 */
class RuleFoldersTest {

    @TempDir
    Path a;
    @TempDir
    Path b;

    private static String rule(String id, String status, String level) {
        return "title: " + id + "\nid: " + id + (status == null ? "" : "\nstatus: " + status) + "\nlevel: " + level
                + "\nlogsource: {product: windows, category: process_creation}\n"
                + "detection:\n  s: {Image|endswith: '\\" + id + ".exe'}\n  condition: s\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private RuleBook book(String minLevel, List<String> statuses) {
        List<String> settings = new ArrayList<>(List.of("dir", a + "," + b, "reload-interval", "0s", "min-level", minLevel));
        if (statuses != null) {
            settings.addAll(List.of("statuses", String.join(",", statuses)));
        }
        return new RuleBook(RuleSettings.of(settings.toArray(String[]::new)), TenantSettings.of());
    }

    @Test
    void severalFoldersAreReadRecursivelyAndDeprecatedOrUnsupportedRulesAreLeftOut() throws IOException {
        write(a.resolve("windows/process_creation/stable.yml"), rule("stable", "stable", "high"));
        write(a.resolve("windows/process_creation/deep/more/test.yaml"), rule("test", "test", "medium"));
        write(a.resolve("windows/old.yml"), rule("old", "deprecated", "high"));
        write(b.resolve("hunting/unsupported.yml"), rule("unsupported", "unsupported", "high"));
        write(b.resolve("hunting/nostatus.yml"), rule("nostatus", null, "low"));
        write(b.resolve("hunting/readme.txt"), "not a rule");

        RuleBook book = book("informational", null);

        assertThat(book.rules()).extracting(SigmaRule::uid).containsExactlyInAnyOrder("stable", "test", "nostatus");
        assertThat(book.refused()).extracting(RuleBook.Refusal::file).containsExactlyInAnyOrder(
                a.getFileName() + "/windows/old.yml", b.getFileName() + "/hunting/unsupported.yml");
        assertThat(book.refused()).extracting(RuleBook.Refusal::field).containsOnly("status");
        assertThat(RuleBook.byReason(book.refused())).as("one log line for both").hasSize(1);
    }

    @Test
    void theStatusesAndTheMinimumLevelAreSettings() throws IOException {
        write(a.resolve("x/stable-high.yml"), rule("sh", "stable", "high"));
        write(a.resolve("x/stable-low.yml"), rule("sl", "stable", "low"));
        write(b.resolve("y/experimental-critical.yml"), rule("ec", "experimental", "critical"));
        write(b.resolve("y/deprecated-high.yml"), rule("dh", "deprecated", "high"));

        RuleBook book = book("medium", List.of("stable", "deprecated"));

        assertThat(book.rules()).extracting(SigmaRule::uid).containsExactlyInAnyOrder("sh", "dh");
        assertThat(RuleBook.byReason(book.refused())).containsOnlyKeys(
                "level '…' is below lake.rules.min-level", "status '…' is not loaded (lake.rules.statuses: […])");
    }

    @Test
    void refusalsAreSummedByReasonWithoutTheNamesTheyQuote() {
        List<RuleBook.Refusal> refused = List.of(
                new RuleBook.Refusal("a.yml", 3, "X", "unknown field 'X': neither a mapped Sigma field nor an OCSF path"),
                new RuleBook.Refusal("b.yml", 4, "Y", "unknown field 'Y': neither a mapped Sigma field nor an OCSF path"),
                new RuleBook.Refusal("c.yml", 2, "logsource", "unknown logsource 'windows/security'; known: [a, b]"));

        assertThat(RuleBook.byReason(refused)).hasSize(2)
                .containsEntry("unknown field '…': neither a mapped Sigma field nor an OCSF path", refused.subList(0, 2));
    }
}
