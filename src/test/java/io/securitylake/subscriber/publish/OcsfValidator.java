package io.securitylake.subscriber.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an event, as the project's Parquet reader gives it back, against OCSF 1.1.0 as the public schema states it
 * (test resource {@code publish/ocsf-1.1.0-findings.tsv}, made from github.com/ocsf/ocsf-schema at tag v1.1.0): every
 * attribute is one of its class or object, of the attribute's type, a list exactly where the schema has one; every
 * required attribute is there; every "at least one of" constraint holds. Answers the problems found, none when valid.
 */
final class OcsfValidator {

    record Attribute(String type, boolean array, boolean required) {
    }

    static final Set<String> TEXT = Set.of("string_t", "url_t", "username_t", "hostname_t", "ip_t", "email_t",
            "uuid_t", "resource_uid_t", "file_name_t", "subnet_t", "mac_t", "process_name_t", "datetime_t", "file_hash_t",
            "bytestring_t");
    private final Map<String, Map<String, Attribute>> scopes = new HashMap<>();
    private final Map<String, List<List<String>>> atLeastOne = new HashMap<>();

    OcsfValidator() {
        try (InputStream in = OcsfValidator.class.getResourceAsStream("/publish/ocsf-1.1.0-findings.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[1].equals("at_least_one")) {
                    atLeastOne.computeIfAbsent(f[0], k -> new ArrayList<>()).add(List.of(f[2].split(",")));
                } else {
                    scopes.computeIfAbsent(f[0], k -> new LinkedHashMap<>())
                            .put(f[1], new Attribute(f[2], f[3].equals("array"), f[4].equals("required")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Attribute> attributes(String scope) {
        return scopes.get(scope);
    }

    /** The problems of an event of the class ({@code detection_finding}, {@code incident_finding}). */
    List<String> problems(Map<String, Object> event, String classScope) {
        List<String> out = new ArrayList<>();
        object(event, classScope, "", out);
        return out;
    }

    private void object(Map<?, ?> value, String scope, String path, List<String> out) {
        Map<String, Attribute> attributes = scopes.get(scope);
        if (attributes == null) {
            out.add(path + ": object " + scope + " is not one this check knows");
            return;
        }
        for (Map.Entry<String, Attribute> a : attributes.entrySet()) {
            if (a.getValue().required() && value.get(a.getKey()) == null) {
                out.add(path + a.getKey() + ": required, absent");
            }
        }
        for (List<String> names : atLeastOne.getOrDefault(scope, List.of())) {
            if (names.stream().allMatch(n -> value.get(n) == null)) {
                out.add(path + ": needs at least one of " + names);
            }
        }
        for (Map.Entry<?, ?> e : value.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String name = e.getKey().toString();
            Attribute a = attributes.get(name);
            if (a == null) {
                out.add(path + name + ": not an attribute of " + scope + " in OCSF 1.1.0");
            } else if (a.array()) {
                if (!(e.getValue() instanceof List<?> list)) {
                    out.add(path + name + ": a list in OCSF, not " + e.getValue().getClass().getSimpleName());
                } else {
                    for (Object item : list) {
                        single(item, a, path + name + "[].", out);
                    }
                }
            } else {
                single(e.getValue(), a, path + name + ".", out);
            }
        }
    }

    private void single(Object v, Attribute a, String path, List<String> out) {
        String at = path.substring(0, path.length() - 1);
        switch (a.type()) {
            case "integer_t" -> {
                if (!(v instanceof Integer) && !(v instanceof Long l && l == l.intValue())) {
                    out.add(at + ": integer_t, not " + v);
                }
            }
            case "long_t", "timestamp_t" -> {
                if (!(v instanceof Integer) && !(v instanceof Long)) {
                    out.add(at + ": " + a.type() + ", not " + v);
                }
            }
            case "float_t" -> {
                if (!(v instanceof Number)) {
                    out.add(at + ": float_t, not " + v);
                }
            }
            case "boolean_t" -> {
                if (!(v instanceof Boolean)) {
                    out.add(at + ": boolean_t, not " + v);
                }
            }
            case "json_t" -> {
            }
            default -> {
                if (TEXT.contains(a.type())) {
                    if (!(v instanceof CharSequence)) {
                        out.add(at + ": " + a.type() + ", not " + v);
                    }
                } else if (v instanceof Map<?, ?> m) {
                    object(m, a.type(), path, out);
                } else {
                    out.add(at + ": an object " + a.type() + ", not " + v);
                }
            }
        }
    }
}
