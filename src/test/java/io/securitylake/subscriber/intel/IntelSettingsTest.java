package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Feeds bind from properties with their defaults; a wrong one stops the start with what is wrong. */
class IntelSettingsTest {

    /** The intel settings as the start takes them: bound, then each feed's tenant checked against the tenants. */
    private static IntelSettings bind(MockEnvironment env) {
        return SettingsFactory.bind(IntelSettings.class, env)
                .requireTenants(SettingsFactory.bind(TenantSettings.class, env).tenants().keySet());
    }

    private static MockEnvironment feed(String... properties) {
        MockEnvironment env = new MockEnvironment().withProperty("lake.tenants.acme.accounts", "111111111111")
                .withProperty("lake.intel.feeds[0].name", "f");
        for (int i = 0; i < properties.length; i += 2) {
            env.withProperty("lake.intel.feeds[0]." + properties[i], properties[i + 1]);
        }
        return env;
    }

    @Test
    void aFeedBindsWithItsDefaults() {
        IntelSettings intel = bind(feed("file", "/etc/lake/f.json"));

        assertThat(intel.feeds()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(Path.of("/etc/lake/f.json"));
            assertThat(f.format()).isEqualTo("stix");
            assertThat(f.interval()).isEqualTo(Duration.ofHours(1));
            assertThat(f.confidence()).isEqualTo(50);
            assertThat(f.severity()).isNull();
            assertThat(f.tenant()).isNull();
        });
        assertThat(intel.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(intel.maxEntryLength()).isEqualTo(8192);
        assertThat(bind(new MockEnvironment()).feeds()).isEmpty();
    }

    @Test
    void aWrongFeedStopsTheStartWithItsReason() {
        assertThatThrownBy(() -> bind(feed("file", "/f", "tenant", "initech"))).hasMessageContaining("initech");
        assertThatThrownBy(() -> bind(feed("url", "http://intel.example.com/f"))).rootCause().hasMessageContaining("https");
        assertThatThrownBy(() -> bind(feed("url", "https://intel.example.com/f", "file", "/f"))).rootCause()
                .hasMessageContaining("either url or file");
        assertThatThrownBy(() -> bind(feed("file", "/f", "format", "csv", "type", "url"))).rootCause().hasMessageContaining("column");
        assertThatThrownBy(() -> bind(feed("file", "/f", "format", "list"))).rootCause().hasMessageContaining("needs a type");
        assertThatThrownBy(() -> bind(feed("file", "/f", "format", "list", "type", "ip"))).rootCause().hasMessageContaining("type must be");
        assertThatThrownBy(() -> bind(feed("file", "/f", "severity", "7"))).rootCause().hasMessageContaining("severity");
        assertThatThrownBy(() -> bind(feed("file", "/f", "format", "misp"))).rootCause().hasMessageContaining("stix, taxii, list or csv");
        assertThatThrownBy(() -> bind(feed("file", "/f", "format", "taxii"))).rootCause().hasMessageContaining("needs a url");
        assertThatThrownBy(() -> bind(feed("url", "https://taxii.example.com/taxii2/", "format", "taxii"))).rootCause()
                .hasMessageContaining("and a collection");
        assertThatThrownBy(() -> bind(feed("url", "https://taxii.example.com/taxii2/", "format", "taxii", "collection", "c",
                "username", "lake"))).rootCause().hasMessageContaining("both username and password");
        assertThatThrownBy(() -> bind(feed("url", "https://taxii.example.com/taxii2/", "format", "taxii", "collection", "c",
                "username", "lake", "password", "p", "token", "t"))).rootCause().hasMessageContaining("not both");
        assertThatThrownBy(() -> bind(feed("file", "/f").withProperty("lake.intel.feeds[1].name", "f")
                .withProperty("lake.intel.feeds[1].file", "/g"))).rootCause().hasMessageContaining("named twice");
        assertThat(bind(feed("url", "http://127.0.0.1:9/f", "allow-insecure", "true")).feeds()).hasSize(1);
    }

    @Test
    void aTaxiiFeedBindsWithItsCollectionAndCredentialsAndNeverPrintsThem() {
        IntelSettings.Feed f = bind(feed("url", "https://taxii.example.com/taxii2/", "format", "taxii",
                "collection", "91a7b528-80eb-42ed-a74d-c6fbd5a26116", "username", "lake", "password", "s3cret-pass"))
                .feeds().get(0);

        assertThat(f.collection()).isEqualTo("91a7b528-80eb-42ed-a74d-c6fbd5a26116");
        assertThat(f.password()).isEqualTo("s3cret-pass");
        assertThat(f.toString()).contains("lake").doesNotContain("s3cret-pass");
        assertThat(f.source()).isEqualTo("https://taxii.example.com/taxii2/ collection 91a7b528-80eb-42ed-a74d-c6fbd5a26116");
    }
}
