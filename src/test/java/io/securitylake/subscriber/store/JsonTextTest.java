package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void jsonWithoutNulIsReturnedAsIs() {
        String json = "{\"a\":\"b\"}";
        assertThat(JsonText.storable(json)).isSameAs(json);
    }

    @Test
    void nulEscapeBecomesReplacementCharacter() {
        assertThat(JsonText.storable("{\"a\":\"x\\u0000y\\u0000\"}")).isEqualTo("{\"a\":\"x\\ufffdy\\ufffd\"}");
    }

    @Test
    void escapedBackslashFollowedByTextU0000IsKept() {
        // the text backslash-u-0-0-0-0 in a string is written as \\u0000 and is not a NUL
        String json = "{\"a\":\"\\\\u0000\"}";
        assertThat(JsonText.storable(json)).isEqualTo(json);
    }

    @Test
    void nulAfterAnEscapedBackslashIsReplaced() {
        assertThat(JsonText.storable("{\"a\":\"\\\\\\u0000\"}")).isEqualTo("{\"a\":\"\\\\\\ufffd\"}");
    }
}
