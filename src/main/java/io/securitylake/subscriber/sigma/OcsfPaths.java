package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a Sigma field name is found in an OCSF event. Names that Sigma's AWS CloudTrail rules use are mapped to
 * their OCSF paths (several candidates where OCSF 1.0 and 1.1 differ; the first present wins); CloudTrail's other
 * names ({@code requestParameters}, {@code responseElements}, {@code userIdentity.*}, ...) are read where Security
 * Lake keeps them ({@link CloudTrailFields}). An OCSF dotted path whose first element is an OCSF attribute is used as
 * it is. Anything else is an unknown field, and the rule that names it is refused.
 */
public final class OcsfPaths {

    static final Map<String, List<String>> SIGMA_FIELDS = Map.ofEntries(
            Map.entry("eventName", List.of("api.operation")),
            Map.entry("eventSource", List.of("api.service.name")),
            Map.entry("eventType", List.of("unmapped.eventType")),
            Map.entry("userIdentity.type", List.of("actor.user.type")),
            Map.entry("userIdentity.arn", List.of("actor.user.uid_alt", "actor.user.uuid")),
            Map.entry("userIdentity.principalId", List.of("actor.user.uid")),
            Map.entry("userIdentity.userName", List.of("actor.user.name")),
            Map.entry("userIdentity.accountId", List.of("actor.user.account.uid", "actor.user.account_uid")),
            Map.entry("userIdentity.accessKeyId", List.of("actor.user.credential_uid")),
            Map.entry("userIdentity.sessionContext.attributes.mfaAuthenticated", List.of("actor.session.is_mfa", "actor.session.mfa")),
            Map.entry("sourceIPAddress", List.of("src_endpoint.ip")),
            Map.entry("errorCode", List.of("api.response.error")),
            Map.entry("errorMessage", List.of("api.response.message")),
            Map.entry("userAgent", List.of("http_request.user_agent")),
            Map.entry("awsRegion", List.of("cloud.region")),
            Map.entry("recipientAccountId", List.of("cloud.account.uid", "cloud.account_uid", "unmapped.recipientAccountId")),
            Map.entry("requestID", List.of("api.request.uid")),
            Map.entry("eventID", List.of("metadata.uid")));

    /** First elements of OCSF paths a rule may name directly (OCSF 1.0 to 1.3 event attributes). */
    static final Set<String> OCSF_ROOTS = Set.of("activity_id", "activity_name", "actor", "answers", "api", "attacks",
            "auth_protocol", "auth_protocol_id", "category_uid", "class_uid", "cloud", "compliance", "confidence_id",
            "connection_info", "device", "disposition", "disposition_id", "dst_endpoint", "end_time", "finding",
            "finding_info", "http_request", "http_response", "is_mfa", "logon_type", "logon_type_id", "message",
            "metadata", "mfa", "observables", "process", "query", "rcode", "rcode_id", "resources", "severity",
            "severity_id", "src_endpoint", "start_time", "status", "status_code", "status_detail", "status_id",
            "time", "traffic", "type_uid", "unmapped", "user", "vulnerabilities", "file", "session", "service",
            "module", "driver", "reg_key", "reg_value", "file_result", "actual_permissions", "requested_permissions",
            "injection_type_id");

    private OcsfPaths() {
    }

    /** The reader of a field name; null for a name this engine does not know. */
    public static FieldReader reader(String name) {
        List<String> mapped = SIGMA_FIELDS.get(name);
        if (mapped != null) {
            List<String[]> paths = mapped.stream().map(p -> p.split("\\.")).toList();
            return FieldReader.of(mapped, event -> {
                for (String[] path : paths) {
                    List<Object> values = values(event, path);
                    if (!values.isEmpty()) {
                        return values;
                    }
                }
                return List.of();
            });
        }
        OcsfPaths.FieldReader cloudTrail = CloudTrailFields.reader(name);
        if (cloudTrail != null) {
            return cloudTrail;
        }
        String[] path = name.split("\\.");
        if (!OCSF_ROOTS.contains(path[0])) {
            return null;
        }
        if (path[0].equals("unmapped") && path.length > 1) {
            String key = name.substring("unmapped.".length());
            return FieldReader.of(List.of(name), event -> event.get("unmapped") instanceof Map<?, ?> unmapped
                    && unmapped.get(key) != null ? List.of(unmapped.get(key)) : List.of());
        }
        return FieldReader.of(List.of(name), event -> values(event, path));
    }

    /** Every value at a path; a list on the way yields the values of all its elements. */
    public static List<Object> values(Object root, String[] path) {
        // the common case, nested objects without lists, allocates nothing but the answer
        Object node = root;
        for (int i = 0; i < path.length; i++) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(path[i]);
            } else if (node instanceof List<?>) {
                List<Object> out = new ArrayList<>(2);
                collect(node, path, i, out);
                return out;
            } else {
                return List.of();
            }
        }
        if (node instanceof List<?>) {
            List<Object> out = new ArrayList<>(2);
            collect(node, path, path.length, out);
            return out;
        }
        return node == null ? List.of() : List.of(node);
    }

    private static void collect(Object node, String[] path, int i, List<Object> out) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (Object item : list) {
                collect(item, path, i, out);
            }
            return;
        }
        if (i == path.length) {
            out.add(node);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            collect(map.get(path[i]), path, i + 1, out);
        }
    }

    /** Reads the values of one field of an event (empty when absent). */
    @FunctionalInterface
    public interface FieldReader {
        List<Object> read(Map<String, Object> event);

        /** The OCSF paths it reads, in the order it tries them; empty when not said. */
        default List<String> paths() {
            return List.of();
        }

        /** A reader that says the paths it reads. */
        static FieldReader of(List<String> paths, FieldReader reader) {
            List<String> copy = List.copyOf(paths);
            return new FieldReader() {
                @Override
                public List<Object> read(Map<String, Object> event) {
                    return reader.read(event);
                }

                @Override
                public List<String> paths() {
                    return copy;
                }
            };
        }
    }
}
