package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sigma filters as exceptions: what they except, from which rules, until when; and what is refused. */
class SigmaFilterTest {

    private static final String BACKUP_JOB = """
            title: The backup job dumps credentials by design
            id: backup-job
            logsource: {product: aws, service: cloudtrail}
            filter:
              rules: [aws-access-denied, aws-iam-access-key-created]
              selection:
                userIdentity.userName: backup-job
                eventName|startswith: Get
              condition: not selection
            """;

    private static Map<String, Object> call(String user, String operation) {
        return Map.of("class_uid", 6003, "actor", Map.of("user", Map.of("name", user)), "api", Map.of("operation", operation),
                "metadata", Map.of("product", Map.of("vendor_name", "AWS", "name", "CloudTrail")));
    }

    @Test
    void aFilterExceptsTheEventsItsSelectionMatchesFromTheRulesItNames() {
        SigmaFilter f = SigmaFilter.parse(BACKUP_JOB, null);

        assertThat(f.uid()).isEqualTo("backup-job");
        assertThat(f.rules()).containsExactly("aws-access-denied", "aws-iam-access-key-created");
        assertThat(f.fields()).containsExactly("userIdentity.userName", "eventName");
        assertThat(f.excepts(call("backup-job", "GetSecretValue"))).isTrue();
        assertThat(f.excepts(call("BACKUP-JOB", "getsecretvalue"))).as("Sigma compares case-insensitively").isTrue();
        assertThat(f.excepts(call("backup-job", "PutSecretValue"))).as("every field of the selection").isFalse();
        assertThat(f.excepts(call("alice", "GetSecretValue"))).isFalse();
    }

    @Test
    void aSnapshotAppliesAnExceptionToItsRulesOnlyAndUntilItExpires() {
        SigmaFilter f = SigmaFilter.parse(BACKUP_JOB, null);
        SigmaFilter any = SigmaFilter.parse("title: t\nid: any-alice\nfilter:\n  rules: any\n"
                + "  sel: {userIdentity.userName: alice}\n  condition: not sel\n", null);
        Exceptions.Snapshot s = new Exceptions.Snapshot(List.of(new Exceptions.Entry(any, 2_000L)),
                Map.of("aws-access-denied", List.of(new Exceptions.Entry(f, null))), 0);

        assertThat(s.excepting("aws-access-denied", call("backup-job", "GetObject"), 1_000)).isSameAs(f);
        assertThat(s.excepting("aws-root-login", call("backup-job", "GetObject"), 1_000)).as("another rule").isNull();
        assertThat(s.excepting("aws-root-login", call("alice", "GetObject"), 1_999)).as("any rule").isSameAs(any);
        assertThat(s.excepting("aws-root-login", call("alice", "GetObject"), 2_000)).as("expired").isNull();
    }

    @Test
    void whatIsNotAFilterTheEngineHonoursWholeIsRefusedWithWhere() {
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nid: x\nlogsource: {product: aws}\n"
                + "detection: {s: {a: b}, condition: s}\n", null)).isInstanceOf(RuleRefused.class)
                .hasMessageContaining("not a Sigma filter");
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nid: x\nfilter:\n  rules: any\n  condition: not 1 of them\n", null))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("field");
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nid: x\nfilter:\n  rules: []\n  s: {eventName: a}\n"
                + "  condition: not s\n", null)).isInstanceOf(RuleRefused.class).hasMessageContaining("rules");
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nfilter:\n  rules: any\n  s: {eventName: a}\n  condition: not s\n",
                null)).isInstanceOf(RuleRefused.class).hasMessageContaining("id");
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nid: x\nfilter:\n  rules: any\n  s: {NoSuchField: a}\n"
                + "  condition: not s\n", null)).isInstanceOf(RuleRefused.class)
                .satisfies(e -> assertThat(((RuleRefused) e).line()).isEqualTo(5));
        assertThatThrownBy(() -> SigmaFilter.parse("title: t\nid: x\nfilter:\n  rules: any\n  s: {eventName: a}\n"
                + "  condition: not t\n", null)).isInstanceOf(RuleRefused.class);
    }
}
