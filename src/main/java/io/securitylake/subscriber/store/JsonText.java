package io.securitylake.subscriber.store;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's jsonb rejects the escape {@code \u0000} (NUL) in strings. Producers occasionally write NUL
 * bytes into free-text fields; they are stored as U+FFFD so the event is kept rather than refused.
 * Works on UTF-8 JSON text: the escape is ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII.
 */
final class JsonText {

    private static final byte[] NUL = "\\u0000".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = "\\ufffd".getBytes(StandardCharsets.US_ASCII);

    private JsonText() {
    }

    /** The JSON with every NUL escape replaced; the same array when there is none. */
    static byte[] storable(byte[] json) {
        int at = indexOfNul(json, 0);
        if (at < 0) {
            return json;
        }
        byte[] out = json.clone(); // the replacement has the escape's length: replace in place
        while (at >= 0) {
            if (!escapesItself(out, at)) {
                System.arraycopy(REPLACEMENT, 0, out, at, REPLACEMENT.length);
            }
            at = indexOfNul(out, at + NUL.length);
        }
        return out;
    }

    private static int indexOfNul(byte[] json, int from) {
        for (int i = from; i <= json.length - NUL.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0'
                    && json[i + 4] == '0' && json[i + 5] == '0') {
                return i;
            }
        }
        return -1;
    }

    /** True when the backslash at {@code at} is itself escaped (an odd run of backslashes before it). */
    private static boolean escapesItself(byte[] json, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && json[i] == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
