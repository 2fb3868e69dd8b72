package io.securitylake.subscriber.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.mock.env.MockEnvironment;

/** Alert destinations as configured: bound from properties, and refused when they would send insecurely or nowhere. */
class AlertSettingsTest {

    private static final String SECRET = "0123456789abcdef";

    @Test
    void destinationsBindFromPropertiesWithTheirDefaults() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("lake.tenants.acme.alerts[0].name", "soc")
                .withProperty("lake.tenants.acme.alerts[0].type", "webhook")
                .withProperty("lake.tenants.acme.alerts[0].url", "https://hooks.example.com/lake")
                .withProperty("lake.tenants.acme.alerts[0].secret", SECRET)
                .withProperty("lake.tenants.acme.alerts[1].name", "queue")
                .withProperty("lake.tenants.acme.alerts[1].type", "sqs")
                .withProperty("lake.tenants.acme.alerts[1].queue-url", "https://sqs.us-east-1.amazonaws.com/1/q")
                .withProperty("lake.tenants.globex.accounts", "222222222222")
                .withProperty("lake.alerting.max-attempts", "6");
        TenantSettings lake = SettingsFactory.bind(TenantSettings.class, env);

        var acme = lake.tenants().get("acme").alerts();
        assertThat(acme).extracting(TenantSettings.AlertDestination::name).containsExactly("soc", "queue");
        assertThat(acme.get(0).url()).isEqualTo(URI.create("https://hooks.example.com/lake"));
        assertThat(acme.get(0).allowInsecure()).isFalse();
        assertThat(acme.get(1).queueUrl()).endsWith("/q");
        assertThat(acme.get(0).toString()).doesNotContain(SECRET);
        assertThat(lake.tenants().get("globex").alerts()).isEmpty();
        assertThat(SettingsFactory.bind(AlertSettings.class, env).maxAttempts()).isEqualTo(6);
        assertThat(SettingsFactory.bind(AlertSettings.class, env).initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(AlertSettings.of().sweepInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void plainHttpNeedsAllowInsecure() {
        assertThatThrownBy(() -> webhook("http://hooks.example.com/", SECRET, false)).hasMessageContaining("must be https");
        assertThat(webhook("http://localhost:8080/", SECRET, true).allowInsecure()).isTrue();
        assertThatThrownBy(() -> webhook("ftp://hooks.example.com/", SECRET, true)).hasMessageContaining("must be https");
        assertThatThrownBy(() -> webhook("/relative", SECRET, false)).hasMessageContaining("absolute");
    }

    @Test
    void aWebhookNeedsASecretAndAnSqsDestinationAQueue() {
        assertThatThrownBy(() -> webhook("https://hooks.example.com/", null, false)).hasMessageContaining("secret");
        assertThatThrownBy(() -> webhook("https://hooks.example.com/", "short", false)).hasMessageContaining("secret");
        assertThatThrownBy(() -> new TenantSettings.AlertDestination("q", "sqs", null, null, false, " "))
                .hasMessageContaining("queue-url");
        assertThatThrownBy(() -> new TenantSettings.AlertDestination("q", "email", null, null, false, null))
                .hasMessageContaining("webhook or sqs");
        assertThatThrownBy(() -> new TenantSettings.AlertDestination("Bad Name", "sqs", null, null, false, "u"))
                .hasMessageContaining("name");
    }

    @Test
    void aTenantsDestinationNamesAreUniqueAndAWrongOneStopsTheStart() {
        assertThatThrownBy(() -> bind(new MockEnvironment()
                .withProperty("lake.tenants.acme.alerts[0].name", "q")
                .withProperty("lake.tenants.acme.alerts[0].type", "sqs")
                .withProperty("lake.tenants.acme.alerts[0].queue-url", "u1")
                .withProperty("lake.tenants.acme.alerts[1].name", "q")
                .withProperty("lake.tenants.acme.alerts[1].type", "sqs")
                .withProperty("lake.tenants.acme.alerts[1].queue-url", "u2")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("named twice");
        assertThatThrownBy(() -> bind(new MockEnvironment()
                .withProperty("lake.tenants.acme.alerts[0].name", "hook")
                .withProperty("lake.tenants.acme.alerts[0].type", "webhook")
                .withProperty("lake.tenants.acme.alerts[0].url", "http://hooks.example.com/")
                .withProperty("lake.tenants.acme.alerts[0].secret", SECRET)))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("must be https");
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheMaximum() {
        AlertSettings settings = AlertSettings.of("initial-delay", "1s", "multiplier", "3", "max-delay", "20s");
        assertThat(AlertSender.backoff(settings, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AlertSender.backoff(settings, 2)).isEqualTo(Duration.ofSeconds(3));
        assertThat(AlertSender.backoff(settings, 3)).isEqualTo(Duration.ofSeconds(9));
        assertThat(AlertSender.backoff(settings, 4)).isEqualTo(Duration.ofSeconds(20));
        assertThat(AlertSender.backoff(settings, 60)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aDeliveryUidDependsOnTenantIncidentVersionAndDestination() {
        String uid = AlertRecorder.deliveryUid("acme", "inc-1", 1, "soc");
        assertThat(uid).matches("[0-9a-f]{32}").isEqualTo(AlertRecorder.deliveryUid("acme", "inc-1", 1, "soc"));
        assertThat(uid).isNotEqualTo(AlertRecorder.deliveryUid("globex", "inc-1", 1, "soc"))
                .isNotEqualTo(AlertRecorder.deliveryUid("acme", "inc-2", 1, "soc"))
                .isNotEqualTo(AlertRecorder.deliveryUid("acme", "inc-1", 2, "soc"))
                .isNotEqualTo(AlertRecorder.deliveryUid("acme", "inc-1", 1, "queue"));
    }

    private static TenantSettings.AlertDestination webhook(String url, String secret, boolean insecure) {
        return new TenantSettings.AlertDestination("hook", "webhook", URI.create(url), secret, insecure, null);
    }

    private static TenantSettings bind(MockEnvironment env) {
        return SettingsFactory.bind(TenantSettings.class, env);
    }
}
