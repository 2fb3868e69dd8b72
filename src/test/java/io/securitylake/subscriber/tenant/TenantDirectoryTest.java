package io.securitylake.subscriber.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.LakeProperties.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class TenantDirectoryTest {

    private static LakeProperties lake(Map<String, Tenant> tenants) {
        return new LakeProperties("q", null, tenants, null, null, null, null, null, null, null, false, null, null);
    }

    @Test
    void configuredAccountResolvesToItsTenantWithoutTouchingTheDatabase() {
        var directory = new TenantDirectory(lake(Map.of("acme", new Tenant(List.of("111111111111"), null, null, 90))),
                new JdbcTemplate());
        assertThat(directory.tenantOf("111111111111")).contains("acme");
        assertThat(directory.tenants()).containsExactly("acme");
    }

    @Test
    void accountClaimedByTwoTenantsFailsAtStart() {
        var tenants = Map.of("acme", new Tenant(List.of("111111111111"), null, null, 90),
                "globex", new Tenant(List.of("111111111111"), null, null, 90));
        assertThatThrownBy(() -> new TenantDirectory(lake(tenants), new JdbcTemplate()))
                .hasMessageContaining("111111111111");
    }

    @Test
    void tenantIdThatCannotBeASchemaNameFailsAtStart() {
        assertThatThrownBy(() -> new TenantDirectory(lake(Map.of("Acme-Corp", new Tenant(List.of(), null, null, 90))),
                new JdbcTemplate())).hasMessageContaining("Acme-Corp");
    }

    @Test
    void blankAccountBelongsToNobody() {
        var directory = new TenantDirectory(lake(Map.of()), new JdbcTemplate());
        assertThat(directory.tenantOf(null)).isEmpty();
        assertThat(directory.tenantOf(" ")).isEmpty();
    }
}
