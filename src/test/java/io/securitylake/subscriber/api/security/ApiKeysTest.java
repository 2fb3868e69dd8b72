package io.securitylake.subscriber.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.Caller;
import io.securitylake.subscriber.LakeProperties.Admin;
import io.securitylake.subscriber.LakeProperties.Tenant;
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
        ApiKeys keys = new ApiKeys(lake(Map.of("acme", List.of(" first ", hashed), "globex", List.of("other")),
                List.of("root")));

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
        ApiKeys keys = new ApiKeys(lake(Map.of("acme", List.of(" ", "")), List.of()));
        assertThat(keys.callerOf("")).isEmpty();
        assertThat(keys.callerOf(" ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha256:", "sha256:zz00000000000000000000000000000000000000000000000000000000000000"})
    void aMalformedHashedKeyFailsAtStartNamingTheProperty(String configured) {
        assertThatThrownBy(() -> new ApiKeys(lake(Map.of("acme", List.of(configured)), List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lake.tenants.acme.api-keys");
    }

    @Test
    void oneKeyForTwoCallersFailsAtStart() {
        assertThatThrownBy(() -> new ApiKeys(lake(Map.of("acme", List.of("shared"), "globex", List.of("shared")),
                List.of()))).hasMessageContaining("two callers");
        String hash = "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256("shared"));
        assertThatThrownBy(() -> new ApiKeys(lake(Map.of("acme", List.of("shared")), List.of(hash))))
                .hasMessageContaining("lake.admin.api-keys");
    }

    @Test
    void theSameKeyTwiceForOneCallerIsAllowed() {
        String hash = "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256("k"));
        ApiKeys keys = new ApiKeys(lake(Map.of("acme", List.of("k", hash)), List.of()));
        assertThat(keys.callerOf("k")).hasValueSatisfying(c -> assertThat(c.tenant()).isEqualTo("acme"));
    }

    static LakeProperties lake(Map<String, List<String>> tenantKeys, List<String> adminKeys) {
        Map<String, Tenant> tenants = new java.util.TreeMap<>();
        tenantKeys.forEach((tenant, keys) -> tenants.put(tenant, new Tenant(List.of(), null, keys, 36500)));
        return new LakeProperties(null, null, tenants, null, new Admin(adminKeys), null, null, null, null, null, false, null, null);
    }
}
