package io.securitylake.subscriber.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.api.ApiSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.Caller;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys decide the caller: plaintext or hashed in configuration, never the hash itself, never two callers. */
class ApiKeysTest {

    @Test
    void plaintextAndHashedKeysStandForTheirTenantAndTheAdminKeyForTheAdmin() {
        String hashed = "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256("second")).toUpperCase();
        ApiKeys keys = keys(Map.of("acme", List.of(" first ", hashed), "globex", List.of("other")),
                List.of("root"));

        assertThat(keys.callerOf("first")).hasValueSatisfying(c -> assertThat(c.tenant()).isEqualTo("acme"));
        assertThat(keys.callerOf("second")).hasValueSatisfying(c -> assertThat(c.tenant()).isEqualTo("acme"));
        assertThat(keys.callerOf("other")).hasValueSatisfying(c -> assertThat(c.tenant()).isEqualTo("globex"));
        assertThat(keys.callerOf("root")).hasValueSatisfying(c -> assertThat(c.isAdmin()).isTrue());
        assertThat(keys.callerOf(hashed)).as("the hash is not a key").isEmpty();
        assertThat(keys.callerOf("firs")).isEmpty();
        assertThat(keys.callerOf("")).isEmpty();
    }

    @Test
    void blankConfiguredKeysAreIgnored() {
        ApiKeys keys = keys(Map.of("acme", List.of(" ", "")), List.of());
        assertThat(keys.callerOf("")).isEmpty();
        assertThat(keys.callerOf(" ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha256:", "sha256:zz00000000000000000000000000000000000000000000000000000000000000"})
    void aMalformedHashedKeyFailsAtStartNamingTheProperty(String configured) {
        assertThatThrownBy(() -> keys(Map.of("acme", List.of(configured)), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lake.tenants.acme.api-keys");
    }

    @Test
    void oneKeyForTwoCallersFailsAtStart() {
        assertThatThrownBy(() -> keys(Map.of("acme", List.of("shared"), "globex", List.of("shared")),
                List.of())).hasMessageContaining("two callers");
        String hash = "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256("shared"));
        assertThatThrownBy(() -> keys(Map.of("acme", List.of("shared")), List.of(hash)))
                .hasMessageContaining("lake.admin.api-keys");
    }

    @Test
    void theSameKeyTwiceForOneCallerIsAllowed() {
        String hash = "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256("k"));
        ApiKeys keys = keys(Map.of("acme", List.of("k", hash)), List.of());
        assertThat(keys.callerOf("k")).hasValueSatisfying(c -> assertThat(c.tenant()).isEqualTo("acme"));
    }

    /** The keys of these tenants and these admin keys, each bound as configured. */
    static ApiKeys keys(Map<String, List<String>> tenantKeys, List<String> adminKeys) {
        List<String> tenants = new java.util.ArrayList<>();
        tenantKeys.forEach((tenant, keys) -> {
            tenants.addAll(List.of("tenants." + tenant + ".retention-days", "36500"));
            for (int i = 0; i < keys.size(); i++) {
                tenants.addAll(List.of("tenants." + tenant + ".api-keys[" + i + "]", keys.get(i)));
            }
        });
        List<String> admin = new java.util.ArrayList<>();
        for (int i = 0; i < adminKeys.size(); i++) {
            admin.addAll(List.of("admin.api-keys[" + i + "]", adminKeys.get(i)));
        }
        return new ApiKeys(TenantSettings.of(tenants.toArray(String[]::new)), ApiSettings.of(admin.toArray(String[]::new)));
    }
}
