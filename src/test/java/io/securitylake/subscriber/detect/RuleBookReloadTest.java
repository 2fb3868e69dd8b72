package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rules folder is the truth: an added, edited or removed file takes effect without a restart, all at once. */
class RuleBookReloadTest {

    @TempDir
    Path dir;

    private static String rule(String id, String eventName) {
        return "title: " + id + "\nid: " + id + "\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: " + eventName + "}\n  condition: s\n";
    }

    private void write(String name, String text, int secondsAgo) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    private RuleBook book(Duration interval) {
        return new RuleBook(RuleSettings.of("dir", dir.toString(), "reload-interval", interval.toString()),
                TenantSettings.of());
    }

    private static List<String> uids(RuleBook book) {
        return book.rules().stream().map(SigmaRule::uid).toList();
    }

    @Test
    void anAddedEditedOrRemovedRuleFileTakesEffectOnTheNextCheck() throws IOException {
        write("a.yml", rule("a", "StopLogging"), 60);
        RuleBook book = book(Duration.ZERO);
        assertThat(uids(book)).containsExactly("a");

        List<SigmaRule> before = book.rules();
        book.reloadIfChanged();
        assertThat(book.rules()).as("nothing changed, nothing read").isSameAs(before);

        write("a.yml", rule("a", "StopLogging").replace("StopLogging}", "PutEventSelectors}"), 45);
        book.reloadIfChanged();
        assertThat(book.rules().get(0).matches(OcsfEvent.cloudTrail("PutEventSelectors", "cloudtrail.amazonaws.com").map()))
                .as("an edited file alone is read again").isTrue();

        write("b.yml", rule("b", "DeleteTrail"), 30);
        write("a.yml", rule("a", "StopLogging").replace("eventName:", "eventName|wide:"), 30);
        book.reloadIfChanged();
        assertThat(uids(book)).containsExactly("b");
        assertThat(book.refused()).extracting(RuleBook.Refusal::file).containsExactly("a.yml");

        Files.delete(dir.resolve("b.yml"));
        write("a.yml", rule("a", "UpdateTrail"), 10);
        book.reloadIfChanged();
        assertThat(uids(book)).containsExactly("a");
        assertThat(book.refused()).isEmpty();
        assertThat(book.rules().get(0).matches(OcsfEvent.cloudTrail("UpdateTrail", "cloudtrail.amazonaws.com").map())).isTrue();
    }

    @Test
    void theFolderIsWatchedEveryInterval() throws IOException {
        write("a.yml", rule("a", "StopLogging"), 60);
        RuleBook book = book(Duration.ofMillis(100));
        try {
            write("b.yml", rule("b", "DeleteTrail"), 5);
            LakeTestStack.await(Duration.ofSeconds(10), "rule b in force", () -> uids(book).contains("b"));
        } finally {
            book.destroy();
        }
    }
}
