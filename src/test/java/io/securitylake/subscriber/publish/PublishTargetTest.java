package io.securitylake.subscriber.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Which tenants publish what where, from the settings; settings that cannot work stop the start. */
class PublishTargetTest {

    @Test
    void aTenantWithoutAccountOrBucketPublishesNothingAndOneWithBothTwoSources() {
        List<PublishTarget> targets = targets(new MockEnvironment()
                .withProperty("lake.tenants.noaccount.publish.enabled", "true")
                .withProperty("lake.tenants.noaccount.publish.bucket", "b")
                .withProperty("lake.tenants.nobucket.publish.enabled", "true")
                .withProperty("lake.tenants.nobucket.publish.account", "123456789012")
                .withProperty("lake.tenants.off.publish.bucket", "b")
                .withProperty("lake.tenants.off.publish.account", "123456789012")
                .withProperty("lake.tenants.on.publish.enabled", "true")
                .withProperty("lake.tenants.on.publish.bucket", "lake-bucket")
                .withProperty("lake.tenants.on.publish.account", "123456789012"));

        assertThat(targets).extracting(PublishTarget::tenant).containsExactly("on", "on");
        assertThat(targets).extracting(t -> t.schema().classUid()).containsExactly(2004, 2005);
        assertThat(targets).extracting(PublishTarget::source).containsExactly("lakesub-detections", "lakesub-incidents");
        assertThat(targets.get(0).window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(targets.get(0).region()).isEqualTo("us-east-1");
    }

    @Test
    void aWindowIsAlignedToTheEpochAndItsObjectNamedByItsStartUnderItsUtcDay() {
        PublishTarget t = new PublishTarget("on", "lakesub-incidents", FindingSchema.INCIDENT_FINDING, "b",
                "123456789012", "eu-west-1", Duration.ofMinutes(5));
        Instant start = t.windowOf(Instant.parse("2026-12-07T23:59:59.999Z"));

        assertThat(start).isEqualTo(Instant.parse("2026-12-07T23:55:00Z"));
        assertThat(t.key(start)).isEqualTo("ext/lakesub-incidents/region=eu-west-1/accountId=123456789012/"
                + "eventDay=20261207/lakesub-incidents-" + start.toEpochMilli() + ".parquet");
        assertThat(t.windowOf(Instant.parse("2026-12-08T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        for (String[] wrong : new String[][] {{"window", "7m"}, {"window", "2d"}, {"account", "12345"},
                {"incidents-source", "lakesub-detections"}, {"detections-source", "ext/../x"}}) {
            MockEnvironment env = new MockEnvironment().withProperty("lake.tenants.t.publish." + wrong[0], wrong[1]);
            assertThatThrownBy(() -> bind(env)).as(wrong[0] + "=" + wrong[1]).hasStackTraceContaining(
                    "publish");
        }
    }

    private static TenantSettings bind(MockEnvironment env) {
        return SettingsFactory.bind(TenantSettings.class, env);
    }

    private static List<PublishTarget> targets(MockEnvironment env) {
        return PublishTarget.of(bind(env), SettingsFactory.bind(AwsSettings.class, env));
    }
}
