package io.securitylake.subscriber.intel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a STIX pattern into tokens: brackets and parentheses, quoted strings (kept with their quotes, {@code \'} and
 * {@code \\} escapes inside), operators, and words; an object path with a quoted part ({@code file:hashes.'SHA-256'})
 * is one token, its quotes removed.
 */
final class StixTokens {

    private StixTokens() {
    }

    static List<String> of(String pattern) throws StixPattern.Refused {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("[]()".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int end = stringEnd(pattern, i);
                out.add(pattern.substring(i, end));
                i = end;
            } else if ("=!<>".indexOf(c) >= 0) {
                int end = i + 1;
                if (end < n && pattern.charAt(end) == '=') {
                    end++;
                }
                out.add(pattern.substring(i, end));
                i = end;
            } else {
                StringBuilder word = new StringBuilder();
                while (i < n) {
                    char w = pattern.charAt(i);
                    if (w == '\'' && word.length() > 0 && word.charAt(word.length() - 1) == '.') {
                        int end = stringEnd(pattern, i); // a quoted part of an object path
                        word.append(unquote(pattern.substring(i, end)));
                        i = end;
                    } else if (Character.isWhitespace(w) || "[]()'=!<>".indexOf(w) >= 0) {
                        break;
                    } else {
                        word.append(w);
                        i++;
                    }
                }
                out.add(word.toString());
            }
        }
        return out;
    }

    static boolean isString(String token) {
        return token.length() >= 2 && token.charAt(0) == '\'';
    }

    /** The text of a quoted token, its escapes undone. */
    static String unquote(String token) {
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length() - 1) {
                c = token.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int stringEnd(String pattern, int start) throws StixPattern.Refused {
        for (int i = start + 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'') {
                return i + 1;
            }
        }
        throw new StixPattern.Refused("pattern syntax: a string is not closed");
    }
}
