package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text a Sigma keyword list (a detection item that is a plain list of strings, no field) is looked for in: an
 * OCSF event has no one "log line", so it is the event's free-text and command-line attributes — {@link #PATHS} —
 * and every value of {@code unmapped} (where a source keeps what OCSF has no place for). docs/detections.md lists them.
 */
final class KeywordFields {

    /** The OCSF attributes a keyword is looked for in, in this order. */
    static final List<String> PATHS = List.of("message", "raw_data", "status_detail", "process.cmd_line",
            "process.parent_process.cmd_line", "actor.process.cmd_line", "process.file.path", "actor.process.file.path",
            "file.path", "api.operation", "query.hostname", "http_request.url.path", "http_request.user_agent");
    private static final List<String[]> SPLIT = PATHS.stream().map(p -> p.split("\\.")).toList();

    private KeywordFields() {
    }

    /** Every text value of those attributes and of {@code unmapped}. */
    static final OcsfPaths.FieldReader READER = OcsfPaths.FieldReader.of(paths(), event -> {
        List<Object> out = new ArrayList<>();
        for (String[] path : SPLIT) {
            out.addAll(OcsfPaths.values(event, path));
        }
        if (event.get("unmapped") instanceof Map<?, ?> unmapped) {
            for (Object value : unmapped.values()) {
                if (value != null) {
                    out.add(value);
                }
            }
        }
        return out;
    });

    private static List<String> paths() {
        List<String> paths = new ArrayList<>(PATHS);
        paths.add("unmapped");
        return paths;
    }
}
