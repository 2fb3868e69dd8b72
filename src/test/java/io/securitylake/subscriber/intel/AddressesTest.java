package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allocation-free IPv6 parser of event look-ups reads every literal as the JDK does, and refuses the rest. */
class AddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "::", "::1", "1::", "2001:db8:a1::66", "2001:0db8:dead:beef:dead:beef:dead:0001",
        "fe80::1:2:3:4", "::ffff:0:198.51.100.7", "2001:db8::198.51.100.7", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "2001:DB8::ABCD"})
    void literalsAreReadAsTheJdkReadsThem(String literal) {
        long[] fast = new long[2];
        byte[] jdk = Addresses.ipv6(literal);

        assertThat(Addresses.ipv6Fast(literal, fast)).isTrue();
        assertThat(fast).containsExactly(Addresses.high(jdk), Addresses.low(jdk));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "2001:db8:::1", "12345::1", "2001:db8:g::1",
        "198.51.100.7", "1:2:3:4:5:6:7", "2001:db8::1:", ":2001:db8::1", "2001:db8::198.51.100.700", "example.com"})
    void nonLiteralsAreRefused(String text) {
        assertThat(Addresses.ipv6Fast(text, new long[2])).isFalse();
    }
}
