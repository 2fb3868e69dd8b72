package io.securitylake.subscriber.store;

/**
 * PostgreSQL's jsonb rejects the escape {@code \u0000} (NUL) in strings. Producers occasionally write NUL
 * bytes into free-text fields; they are stored as U+FFFD so the event is kept rather than refused.
 */
final class JsonText {

    private static final String NUL = "\\u0000";

    private JsonText() {
    }

    static String storable(String json) {
        int at = json.indexOf(NUL);
        if (at < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length());
        int from = 0;
        while (at >= 0) {
            if (escapesItself(json, at)) {
                out.append(json, from, at + NUL.length());
            } else {
                out.append(json, from, at).append("\\ufffd");
            }
            from = at + NUL.length();
            at = json.indexOf(NUL, from);
        }
        return out.append(json, from, json.length()).toString();
    }

    /** True when the backslash at {@code at} is itself escaped (an odd run of backslashes before it). */
    private static boolean escapesItself(String json, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && json.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
