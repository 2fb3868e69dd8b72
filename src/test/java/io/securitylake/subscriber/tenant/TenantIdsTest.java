package io.securitylake.subscriber.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "globex_2", "a"})
    void lowerCaseIdsBecomeTheirSchema(String id) {
        assertThat(TenantIds.isValidTenant(id)).isTrue();
        assertThat(TenantIds.schemaOf(id)).isEqualTo("tenant_" + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "1acme", "acme;drop table events", "acme-corp", "a\"b", "ü",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anythingElseNeverBecomesAnIdentifier(String id) {
        assertThat(TenantIds.isValidTenant(id)).isFalse();
        assertThatThrownBy(() -> TenantIds.schemaOf(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "1234567890123", "12345678901a", ""})
    void accountIdsAreTwelveDigits(String account) {
        assertThat(TenantIds.isValidAccount(account)).isFalse();
        assertThat(TenantIds.isValidAccount("123456789012")).isTrue();
    }
}
