package io.securitylake.subscriber.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class TenantDirectoryTest {

    @Test
    void configuredAccountResolvesToItsTenantWithoutTouchingTheDatabase() {
        var directory = new TenantDirectory(TenantSettings.of("tenants.acme.accounts", "111111111111"),
                new JdbcTemplate());
        assertThat(directory.tenantOf("111111111111")).contains("acme");
        assertThat(directory.tenants()).containsExactly("acme");
    }

    @Test
    void accountClaimedByTwoTenantsFailsAtStart() {
        var tenants = TenantSettings.of("tenants.acme.accounts", "111111111111", "tenants.globex.accounts", "111111111111");
        assertThatThrownBy(() -> new TenantDirectory(tenants, new JdbcTemplate()))
                .hasMessageContaining("111111111111");
    }

    @Test
    void tenantIdThatCannotBeASchemaNameFailsAtStart() {
        assertThatThrownBy(() -> new TenantDirectory(TenantSettings.of("tenants[Acme-Corp].retention-days", "90"),
                new JdbcTemplate())).hasMessageContaining("Acme-Corp");
    }

    @Test
    void blankAccountBelongsToNobody() {
        var directory = new TenantDirectory(TenantSettings.of(), new JdbcTemplate());
        assertThat(directory.tenantOf(null)).isEmpty();
        assertThat(directory.tenantOf(" ")).isEmpty();
    }
}
