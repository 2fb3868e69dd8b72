package io.securitylake.subscriber.sigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudTrail's own record names that {@link OcsfPaths#SIGMA_FIELDS} does not map, read where Security Lake puts
 * them. Security Lake 1.0 (OCSF 1.0.0-rc.2) flattens {@code requestParameters}, {@code responseElements},
 * {@code additionalEventData} and unmapped {@code userIdentity} parts into {@code unmapped}, with dotted keys and
 * lists as {@code key[]} holding the elements comma-joined; Security Lake 2.0 (OCSF 1.1) keeps the request and the
 * response as JSON text in {@code api.request.data} / {@code api.response.data}. Two names Security Lake turns into
 * OCSF attributes are read back from them: {@code additionalEventData.MFAUsed} from {@code is_mfa} / {@code mfa}
 * ({@code Yes} / {@code No}), and {@code responseElements.ConsoleLogin} from a ConsoleLogin's {@code status}.
 */
final class CloudTrailFields {

    /** First elements of a CloudTrail record's names that are not OCSF attributes (read from {@code unmapped}). */
    static final Set<String> ROOTS = Set.of("userIdentity", "additionalEventData", "serviceEventDetails", "tlsDetails",
            "eventVersion", "eventTime", "eventCategory", "readOnly", "managementEvent", "apiVersion", "sharedEventID",
            "vpcEndpointId", "sessionCredentialFromConsole", "edgeDeviceDetails", "insightDetails");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] REQUEST_DATA = {"api", "request", "data"};
    private static final String[] RESPONSE_DATA = {"api", "response", "data"};

    private CloudTrailFields() {
    }

    /** The reader of a CloudTrail name; null when the name is not one. */
    static OcsfPaths.FieldReader reader(String name) {
        switch (name) {
            case "requestParameters":
                return OcsfPaths.FieldReader.of(List.of("api.request.data", "unmapped"),
                        event -> whole(event, REQUEST_DATA, "requestParameters."));
            case "responseElements":
                return OcsfPaths.FieldReader.of(List.of("api.response.data", "unmapped"),
                        event -> whole(event, RESPONSE_DATA, "responseElements."));
            case "additionalEventData.MFAUsed":
                return OcsfPaths.FieldReader.of(List.of("unmapped." + name, "is_mfa", "mfa"),
                        first(unmapped(name), event -> yesNo(event, "is_mfa", "mfa")));
            case "responseElements.ConsoleLogin":
                return OcsfPaths.FieldReader.of(List.of("api.response.data", "unmapped." + name, "status"),
                        first(inData(RESPONSE_DATA, "ConsoleLogin"), unmapped(name), CloudTrailFields::loginStatus));
            default:
                break;
        }
        if (name.startsWith("requestParameters.") && name.length() > "requestParameters.".length()) {
            return OcsfPaths.FieldReader.of(List.of("api.request.data", "unmapped." + name),
                    first(inData(REQUEST_DATA, name.substring("requestParameters.".length())), unmapped(name)));
        }
        if (name.startsWith("responseElements.") && name.length() > "responseElements.".length()) {
            return OcsfPaths.FieldReader.of(List.of("api.response.data", "unmapped." + name),
                    first(inData(RESPONSE_DATA, name.substring("responseElements.".length())), unmapped(name)));
        }
        int dot = name.indexOf('.');
        return ROOTS.contains(dot < 0 ? name : name.substring(0, dot))
                ? OcsfPaths.FieldReader.of(List.of("unmapped." + name), unmapped(name)) : null;
    }

    /** The first reader that finds a value. */
    private static OcsfPaths.FieldReader first(OcsfPaths.FieldReader... readers) {
        return event -> {
            for (OcsfPaths.FieldReader reader : readers) {
                List<Object> values = reader.read(event);
                if (!values.isEmpty()) {
                    return values;
                }
            }
            return List.of();
        };
    }

    /**
     * {@code unmapped["<name>"]}; else a flattened list whose key is the name with {@code []} after list parts
     * ({@code requestParameters.securityGroups[]}), its comma-joined elements as the values.
     */
    static OcsfPaths.FieldReader unmapped(String name) {
        return event -> {
            if (!(event.get("unmapped") instanceof Map<?, ?> unmapped)) {
                return List.of();
            }
            Object exact = unmapped.get(name);
            if (exact != null) {
                return List.of(exact);
            }
            for (Map.Entry<?, ?> entry : unmapped.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (entry.getValue() != null && key.indexOf('[') > 0 && key.replace("[]", "").equals(name)) {
                    return List.copyOf(List.of(entry.getValue().toString().split(",", -1)));
                }
            }
            return List.of();
        };
    }

    /** A path inside the request's or response's data (an object, or the JSON text Security Lake writes). */
    private static OcsfPaths.FieldReader inData(String[] data, String inside) {
        String[] path = inside.split("\\.");
        return event -> {
            Object parsed = data(event, data);
            return parsed instanceof Map<?, ?> ? OcsfPaths.values(parsed, path) : List.of();
        };
    }

    /**
     * The request or response as one text, for {@code contains}: the data as written (and with its inner JSON
     * strings' quotes unescaped, as a policy document is quoted in it), else the flattened entries
     * {@code <key>=<value>}, comma-separated.
     */
    private static List<Object> whole(Map<String, Object> event, String[] data, String prefix) {
        List<Object> found = OcsfPaths.values(event, data);
        if (!found.isEmpty()) {
            String text = found.get(0) instanceof String s ? s : json(found.get(0));
            String unescaped = text.replace("\\\"", "\"");
            return unescaped.equals(text) ? List.of(text) : List.of(text, unescaped);
        }
        if (!(event.get("unmapped") instanceof Map<?, ?> unmapped)) {
            return List.of();
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<?, ?> entry : unmapped.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.startsWith(prefix) && entry.getValue() != null) {
                text.append(text.isEmpty() ? "" : ", ").append(key, prefix.length(), key.length()).append('=')
                        .append(entry.getValue());
            }
        }
        return text.isEmpty() ? List.of() : List.of(text.toString());
    }

    private static Object data(Map<String, Object> event, String[] data) {
        List<Object> found = OcsfPaths.values(event, data);
        if (found.isEmpty()) {
            return null;
        }
        Object value = found.get(0);
        if (value instanceof String text && text.startsWith("{")) {
            try {
                return JSON.readValue(text, Map.class);
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return value;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** CloudTrail's {@code Yes} / {@code No} from the first OCSF boolean present. */
    private static List<Object> yesNo(Map<String, Object> event, String... names) {
        for (String name : names) {
            Object value = event.get(name);
            if (value instanceof Boolean b) {
                return List.of(b ? "Yes" : "No");
            }
            if (value != null && ("true".equalsIgnoreCase(value.toString()) || "false".equalsIgnoreCase(value.toString()))) {
                return List.of(Boolean.parseBoolean(value.toString()) ? "Yes" : "No");
            }
        }
        return List.of();
    }

    /** A ConsoleLogin's outcome: its OCSF {@code status} ({@code Success} / {@code Failure}). */
    private static List<Object> loginStatus(Map<String, Object> event) {
        if (!OcsfPaths.values(event, new String[] {"api", "operation"}).contains("ConsoleLogin")) {
            return List.of();
        }
        Object status = event.get("status");
        return status == null ? List.of() : List.of(status);
    }
}
