package io.securitylake.subscriber.hunt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A typed parameter of a saved hunt. A value arrives as JSON and is checked against its type here, so a hunt's
 * SQL only ever binds a value of the declared type: {@code string} (at most 512 characters), {@code int},
 * {@code ip} (an IPv4 or IPv6 literal, never resolved), {@code timestamp} (ISO-8601 or epoch milliseconds),
 * {@code bool}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HuntParam(String name, String type, @JsonProperty("default") Object defaultValue, String description) {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    static final java.util.Set<String> TYPES = java.util.Set.of("string", "int", "ip", "timestamp", "bool");
    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
    private static final int MAX_STRING = 512;

    /** The value to bind: the given one checked against the type, else the default (which may be null). */
    public Object value(JsonNode given) {
        if (given == null || given.isNull()) {
            return defaultValue == null ? null : parse(defaultValue.toString(), defaultValue);
        }
        return parse(given.isTextual() ? given.asText() : given.toString(), given.isNumber() ? given.numberValue()
                : given.isBoolean() ? given.booleanValue() : given.asText());
    }

    private Object parse(String text, Object raw) {
        switch (type) {
            case "string" -> {
                if (text.length() > MAX_STRING) {
                    throw refused("is longer than " + MAX_STRING + " characters");
                }
                return text;
            }
            case "int" -> {
                if (!(raw instanceof Number || text.matches("-?[0-9]{1,18}")) || text.contains(".")) {
                    throw refused("must be an integer, not " + HuntRefused.quote(text));
                }
                return Long.parseLong(text);
            }
            case "bool" -> {
                String t = text.toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw refused("must be true or false, not " + HuntRefused.quote(text));
                }
                return Boolean.parseBoolean(t);
            }
            case "ip" -> {
                if (!IP_CHARS.matcher(text).matches() || !(text.contains(".") || text.contains(":"))) {
                    throw refused("must be an IPv4 or IPv6 address, not " + HuntRefused.quote(text));
                }
                try {
                    return InetAddress.getByName(text).getHostAddress(); // a literal: no name is looked up
                } catch (UnknownHostException e) {
                    throw refused("must be an IPv4 or IPv6 address, not " + HuntRefused.quote(text));
                }
            }
            case "timestamp" -> {
                return time(name, text);
            }
            default -> throw new IllegalStateException("type " + type + " of " + name);
        }
    }

    /** ISO-8601 with offset, or epoch milliseconds. */
    public static Instant time(String name, String text) {
        try {
            return text.matches("-?[0-9]{1,15}") ? Instant.ofEpochMilli(Long.parseLong(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new HuntRefused("parameter '" + name + "' must be ISO-8601 (2026-01-31T12:00:00Z) or epoch "
                    + "milliseconds, not " + HuntRefused.quote(text));
        }
    }

    private HuntRefused refused(String why) {
        return new HuntRefused("parameter '" + name + "' " + why);
    }
}
