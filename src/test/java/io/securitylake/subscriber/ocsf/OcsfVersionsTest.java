package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OcsfVersionsTest {

    private final OcsfVersions versions =
            new OcsfVersions(List.of("1.0.0-rc.2", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.8.0"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.0.0-rc.2, 1.0.0-rc.2", "1.0.0, 1.0.0", "1.1.0, 1.1.0", "1.3.0, 1.3.0", "1.8.0, 1.8.0",
            "1.1, 1.1.0", "1, 1.0.0", "v1.2.0, 1.2.0", "1.1.0-dev, 1.1.0", "1.1.0+build.7, 1.1.0",
            "1.0.0-rc.1, 1.0.0-rc.2", "1.0.0-rc3, 1.0.0-rc.2", "1.0.0-dev, 1.0.0", "1.2.1, 1.2.0",
            "1.4.0, 1.3.0", "1.7.0-dev, 1.3.0", "1.8, 1.8.0", "1.9.0, 1.8.0", "2.0.0, 1.8.0",
            "1.1.0_dev, 1.1.0", "99999999999999999999.0, 1.8.0"})
    void resolvesToTheClosestKnownVersion(String given, String expected) {
        int index = versions.resolve(given);
        assertThat(index).isNotNegative();
        assertThat(List.of("1.0.0-rc.2", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.8.0").get(index)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"latest", "0.9.0", "x1.1", "  "})
    void unreadableOrOlderVersionsHaveNoPreference(String given) {
        assertThat(versions.resolve(given)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.0", "1.1", "1.1.0-dev"})
    void repeatedLookupsGiveTheSameAnswer(String given) {
        assertThat(versions.resolve(given)).isEqualTo(versions.resolve(given)).isEqualTo(2);
    }
}
