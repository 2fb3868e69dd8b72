package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void jsonWithoutNulIsReturnedAsIs() {
        byte[] json = utf8("{\"a\":\"b\"}");
        assertThat(JsonText.storable(json)).isSameAs(json);
    }

    @Test
    void nulEscapeBecomesReplacementCharacter() {
        assertThat(storable("{\"a\":\"x\\u0000y\\u0000\"}")).isEqualTo("{\"a\":\"x\\ufffdy\\ufffd\"}");
    }

    @Test
    void escapedBackslashFollowedByTextU0000IsKept() {
        // the text backslash-u-0-0-0-0 in a string is written as \\u0000 and is not a NUL
        String json = "{\"a\":\"\\\\u0000\"}";
        assertThat(storable(json)).isEqualTo(json);
    }

    @Test
    void nulAfterAnEscapedBackslashIsReplaced() {
        assertThat(storable("{\"a\":\"\\\\\\u0000\"}")).isEqualTo("{\"a\":\"\\\\\\ufffd\"}");
    }

    @Test
    void multiByteTextAroundTheEscapeIsKept() {
        assertThat(storable("{\"é\":\"😀\\u0000ü\"}")).isEqualTo("{\"é\":\"😀\\ufffdü\"}");
    }

    @Test
    void theCallersArrayIsNotChanged() {
        byte[] json = utf8("{\"a\":\"\\u0000\"}");
        JsonText.storable(json);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"\\u0000\"}");
    }

    private static String storable(String json) {
        return new String(JsonText.storable(utf8(json)), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
