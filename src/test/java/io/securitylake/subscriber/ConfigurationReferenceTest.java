package io.securitylake.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * docs/configuration.md lists exactly the settings the settings records have ({@link LakeSettings} and each feature's
 * {@code <Feature>Settings}): none missing, none that do not exist.
 */
class ConfigurationReferenceTest {

    private static final Pattern NAME = Pattern.compile("`(lake\\.[a-z0-9.<>-]+|\\.[a-z0-9-]+)`");

    @Test
    void referenceListsEveryLakePropertyAndNoOther() throws IOException {
        assertThat(documented()).isEqualTo(TypedPlaceholders.names().keySet());
    }

    @Test
    void everyRecordComponentIsASettingName() {
        assertThat(TypedPlaceholders.names()).containsKeys("lake.queue-url", "lake.ingest.chunk-size",
                "lake.tenants.<id>.datasource.password", "lake.ops.health-timeout", "lake.routes-reload",
                "lake.tenants.<id>.suppress.<id>.for", "lake.hunts.athena.region", "lake.admin.api-keys");
    }

    @Test
    void everyFeatureHasOneSettingsRecordInItsOwnPackage() {
        assertThat(TypedPlaceholders.settingsRecords()).extracting(Class::getName).containsExactlyInAnyOrder(
                "io.securitylake.subscriber.LakeSettings", "io.securitylake.subscriber.AwsSettings",
                "io.securitylake.subscriber.alert.AlertSettings", "io.securitylake.subscriber.api.ApiSettings",
                "io.securitylake.subscriber.backfill.BackfillSettings", "io.securitylake.subscriber.detect.RuleSettings",
                "io.securitylake.subscriber.hunt.HuntSettings", "io.securitylake.subscriber.incident.IncidentSettings",
                "io.securitylake.subscriber.ingest.IngestSettings", "io.securitylake.subscriber.intel.IntelSettings",
                "io.securitylake.subscriber.ops.OpsSettings", "io.securitylake.subscriber.predict.PredictionSettings",
                "io.securitylake.subscriber.publish.PublishSettings", "io.securitylake.subscriber.store.StoreSettings",
                "io.securitylake.subscriber.tenant.TenantSettings");
    }

    @Test
    void routePlaceholdersGetTheRecordsDefaultsAndNeverASecret() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("lake.ingest.consumers", "5")
                .withProperty("lake.admin.api-keys", "admin-secret")
                .withProperty("lake.operator.password", "operator-secret");
        TypedPlaceholders placeholders = new TypedPlaceholders(TypedPlaceholders.settingsRecords().stream()
                .map(type -> (Record) SettingsFactory.bind(type, env)).toList());

        assertThat(placeholders.getProperty("lake.ingest.consumers")).isEqualTo("5");
        assertThat(placeholders.getProperty("lake.ingest.chunk-size")).isEqualTo("1000");
        assertThat(placeholders.getProperty("lake.ingest.visibility-timeout")).isEqualTo("300");
        assertThat(placeholders.getProperty("lake.admin.api-keys")).isNull();
        assertThat(placeholders.getProperty("lake.operator.password")).isNull();
    }

    /** The names in the first column of the table; {@code `.password`} continues the previous name's parent. */
    static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            if (!line.startsWith("| `lake.")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            String parent = null;
            Matcher m = NAME.matcher(firstCell);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith(".")) {
                    name = parent + name;
                } else {
                    parent = name.substring(0, name.lastIndexOf('.'));
                }
                names.add(name);
            }
        }
        return names;
    }
}
