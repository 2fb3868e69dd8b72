package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * STIX 2.1 patterns (the specification's own examples, with reserved example values): one comparison or an OR of
 * comparisons is read whole; any other kind is refused whole, with its reason.
 */
class StixPatternTest {

    @Test
    void anOrOfAddressComparisonsGivesEachAddressInItsNormalForm() throws Exception {
        assertThat(StixPattern.parse("[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' "
                + "OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']"))
                .containsExactly(new StixPattern.Comparison(IndicatorType.IPV4, "198.51.100.1"),
                        new StixPattern.Comparison(IndicatorType.IPV4, "203.0.113.33"),
                        new StixPattern.Comparison(IndicatorType.IPV6, "2001:db8:dead:beef:dead:beef:dead:1"));
    }

    @Test
    void networksKeepTheirPrefixWithTheHostBitsCleared() throws Exception {
        assertThat(StixPattern.parse("[ipv4-addr:value ISSUBSET '198.51.100.7/24']"))
                .containsExactly(new StixPattern.Comparison(IndicatorType.IPV4, "198.51.100.0/24"));
        assertThat(StixPattern.parse("[ipv6-addr:value = '2001:db8:a1::66/32']"))
                .containsExactly(new StixPattern.Comparison(IndicatorType.IPV6, "2001:db8:0:0:0:0:0:0/32"));
    }

    @Test
    void hashesInEitherPathSpellingAndInLowerCase() throws Exception {
        assertThat(StixPattern.parse("[file:hashes.'SHA-256' = '50D858E0985ECC7F60418AAF0CC5AB587F42C2570A884095A9E8CCACD0F6545C']"))
                .containsExactly(new StixPattern.Comparison(IndicatorType.SHA256,
                        "50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c"));
        assertThat(StixPattern.parse("[file:hashes.MD5 = '1a79a4d60de6718e8e5b326e338ae533' "
                + "OR file:hashes.'SHA-1' = 'c3499c2729730a7f807efb8676a92dcb6f8a3f8f']"))
                .extracting(StixPattern.Comparison::type).containsExactly(IndicatorType.MD5, IndicatorType.SHA1);
    }

    @Test
    void domainsUrlsAndMailAddressesAcrossObservationExpressions() throws Exception {
        assertThat(StixPattern.parse("([domain-name:value = 'Evil.Example.'] OR [url:value = 'http://example.com/foo' "
                + "OR url:value = 'http://example.com/b\\'ar']) OR [email-addr:value = 'Mallory@Example.org']"))
                .containsExactly(new StixPattern.Comparison(IndicatorType.DOMAIN, "evil.example"),
                        new StixPattern.Comparison(IndicatorType.URL, "http://example.com/foo"),
                        new StixPattern.Comparison(IndicatorType.URL, "http://example.com/b'ar"),
                        new StixPattern.Comparison(IndicatorType.EMAIL, "mallory@example.org"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[domain-name:value = 'www.example.com' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32'] | unsupported AND",
        "[file:hashes.MD5 = '1a79a4d60de6718e8e5b326e338ae533'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1'] | unsupported FOLLOWEDBY",
        "[ipv4-addr:value = '198.51.100.1'] WITHIN 300 SECONDS | unsupported qualifier: WITHIN",
        "[ipv4-addr:value = '198.51.100.1'] REPEATS 5 TIMES | unsupported qualifier: REPEATS",
        "[email-message:from_ref.value MATCHES '.+\\@example\\.com$'] | unsupported object path",
        "[domain-name:value MATCHES '^evil'] | unsupported operator: MATCHES",
        "[ipv4-addr:value != '198.51.100.1'] | unsupported operator: !=",
        "[ipv4-addr:value = '198.51.100.1' OR x-usb-device:usbdrive.serial_number = '575833021'] | unsupported object path",
        "[ipv4-addr:value = '198.51.100.300'] | not an IPv4 address",
        "[file:hashes.'SHA-256' = 'abc'] | not a sha-256 hash",
        "[ipv4-addr:value = '198.51.100.1' | pattern ends early",
        "[ipv4-addr:value = '198.51.100.1 | a string is not closed",
        "[network-traffic:dst_port = 443] | unsupported object path",
        "[ipv4-addr:value = 198] | unsupported value",
    })
    void otherKindsAreRefusedWholeWithTheirReason(String pattern, String reason) {
        assertThatThrownBy(() -> StixPattern.parse(pattern)).isInstanceOf(StixPattern.Refused.class)
                .hasMessageContaining(reason.strip());
    }
}
