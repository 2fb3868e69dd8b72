package io.securitylake.subscriber.sigma;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma's value modifiers that turn one value into the values to look for, as the specification and pySigma define
 * them: {@code windash} (every dash or slash that starts an option as {@code -}, {@code /}, en dash, em dash and
 * horizontal bar, all combinations), {@code wide} / {@code utf16le} / {@code utf16be} / {@code utf16} (the text's
 * bytes in that encoding, for the base64 modifiers that follow), {@code base64} and {@code base64offset} (the three
 * encodings of the value at the three byte offsets it may sit at, without the characters that depend on the bytes
 * around it).
 */
public final class ValueModifiers {

    static final List<String> ENCODINGS = List.of("wide", "utf16le", "utf16be", "utf16");
    private static final Pattern OPTION_DASH = Pattern.compile("\\B[-/]\\b");
    private static final String[] DASHES = {"-", "/", "\u2013", "\u2014", "\u2015"};
    /** More dashes than this in one value (5^n variants) is refused: no published rule comes near. */
    static final int MAX_DASHES = 4;

    private ValueModifiers() {
    }

    /** {@code windash}: the value with each option dash in every one of its forms. */
    public static List<String> windash(String value, int line, String key) {
        Matcher m = OPTION_DASH.matcher(value);
        List<Integer> at = new ArrayList<>();
        while (m.find()) {
            at.add(m.start());
        }
        if (at.size() > MAX_DASHES) {
            throw new RuleRefused(line, key, "windash over more than " + MAX_DASHES + " dashes in one value");
        }
        List<String> out = new ArrayList<>();
        out.add(value);
        for (int position : at) {
            List<String> next = new ArrayList<>();
            for (String v : out) {
                for (String dash : DASHES) {
                    next.add(v.substring(0, position) + dash + v.substring(position + 1));
                }
            }
            out = next;
        }
        return out;
    }

    /** The bytes of the value in the encoding a {@code wide}-like modifier names (UTF-8 without one). */
    static byte[] bytes(String value, String encoding) {
        if (encoding == null) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (encoding.equals("utf16")) {
            // Python's "utf-16" (what pySigma uses) writes a byte order mark, then little-endian
            byte[] le = value.getBytes(StandardCharsets.UTF_16LE);
            byte[] out = new byte[le.length + 2];
            out[0] = (byte) 0xFF;
            out[1] = (byte) 0xFE;
            System.arraycopy(le, 0, out, 2, le.length);
            return out;
        }
        Charset charset = encoding.equals("utf16be") ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
        return value.getBytes(charset);
    }

    /**
     * The texts a value is looked for as under {@code base64} or {@code base64offset} ({@code modifier}), its bytes
     * in {@code encoding} (a {@code wide}-like modifier, or null for UTF-8): one text, or the three offset encodings
     * (one may be empty when the value is short). They compare exactly: base64 is case-sensitive.
     */
    public static List<String> encoded(String value, String encoding, String modifier) {
        byte[] bytes = bytes(value, encoding);
        return modifier.equals("base64") ? List.of(base64(bytes)) : base64offset(bytes);
    }

    /** {@code base64}: the standard encoding, with padding. */
    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code base64offset}: the three encodings of the bytes at offsets 0, 1 and 2 of a longer encoded text. */
    static List<String> base64offset(byte[] bytes) {
        int[] start = {0, 2, 3};
        int[] endTrim = {0, 3, 2};
        List<String> out = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[i + bytes.length];
            System.arraycopy(bytes, 0, shifted, i, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int end = encoded.length() - endTrim[(bytes.length + i) % 3];
            out.add(start[i] <= end ? encoded.substring(start[i], end) : "");
        }
        return out;
    }
}
