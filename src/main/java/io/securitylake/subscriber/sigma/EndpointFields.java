package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sigma's field taxonomy of the endpoint categories (Sysmon's names: {@code Image}, {@code CommandLine},
 * {@code TargetObject}, ...) as places in OCSF 1.0 to 1.3 events, following SigmaHQ's OCSF processing pipeline
 * (pySigma-pipeline-ocsf) where it maps a field and the OCSF schema where it does not (that pipeline maps
 * {@code Image} to the process's name; Sigma's values are whole paths, so here it is the file's path). A name with
 * no place in OCSF, or mapped but absent from the event, is read from {@code unmapped["<name>"]}, where a custom
 * source keeps a vendor's field. Names that are OCSF paths are read as such. docs/detections.md has the table.
 */
final class EndpointFields {

    /** The categories whose subject is the process itself (not an object the process acts on). */
    private static final Map<String, OcsfPaths.FieldReader> PROCESS = new HashMap<>();
    private static final Map<String, OcsfPaths.FieldReader> ACTOR = new HashMap<>();
    private static final Map<String, Map<String, OcsfPaths.FieldReader>> BY_CATEGORY = new HashMap<>();

    static {
        PROCESS.put("Image", path("process.file.path"));
        PROCESS.put("OriginalFileName", path("process.file.internal_name"));
        PROCESS.put("CommandLine", path("process.cmd_line"));
        PROCESS.put("CurrentDirectory", path("process.working_directory"));
        PROCESS.put("User", user("process.user"));
        PROCESS.put("IntegrityLevel", path("process.integrity"));
        PROCESS.put("Hashes", hashes("process.file.hashes"));
        PROCESS.put("ParentImage", path("process.parent_process.file.path"));
        PROCESS.put("ParentCommandLine", path("process.parent_process.cmd_line"));
        PROCESS.put("ParentUser", user("process.parent_process.user"));
        PROCESS.put("ParentProcessId", path("process.parent_process.pid"));
        PROCESS.put("ParentProcessGuid", path("process.parent_process.uid"));
        PROCESS.put("ProcessId", path("process.pid"));
        PROCESS.put("ProcessGuid", path("process.uid"));
        PROCESS.put("LogonId", path("process.session.uid"));
        fileDetails(PROCESS, "process.file");

        ACTOR.put("Image", path("actor.process.file.path"));
        ACTOR.put("CommandLine", path("actor.process.cmd_line"));
        ACTOR.put("ParentImage", path("actor.process.parent_process.file.path"));
        ACTOR.put("ParentCommandLine", path("actor.process.parent_process.cmd_line"));
        ACTOR.put("User", first(user("actor.user"), user("actor.process.user")));
        ACTOR.put("ProcessId", path("actor.process.pid"));
        ACTOR.put("ProcessGuid", path("actor.process.uid"));

        Map<String, OcsfPaths.FieldReader> imageLoad = new HashMap<>(ACTOR);
        imageLoad.put("ImageLoaded", path("module.file.path"));
        imageLoad.put("Hashes", hashes("module.file.hashes"));
        imageLoad.put("Signed", signed("module.file.signature"));
        imageLoad.put("Signature", path("module.file.signature.certificate.subject"));
        imageLoad.put("SignatureStatus", path("module.file.signature.state"));
        fileDetails(imageLoad, "module.file");

        Map<String, OcsfPaths.FieldReader> driverLoad = new HashMap<>(ACTOR);
        driverLoad.put("ImageLoaded", path("driver.file.path"));
        driverLoad.put("Hashes", hashes("driver.file.hashes"));
        driverLoad.put("Signed", signed("driver.file.signature"));
        driverLoad.put("Signature", path("driver.file.signature.certificate.subject"));
        driverLoad.put("SignatureStatus", path("driver.file.signature.state"));

        Map<String, OcsfPaths.FieldReader> file = new HashMap<>(ACTOR);
        file.put("TargetFilename", path("file.path"));
        Map<String, OcsfPaths.FieldReader> rename = new HashMap<>(ACTOR);
        rename.put("SourceFilename", path("file.path"));
        rename.put("TargetFilename", path("file_result.path"));

        Map<String, OcsfPaths.FieldReader> network = new HashMap<>(ACTOR);
        network.put("DestinationIp", path("dst_endpoint.ip"));
        network.put("DestinationPort", path("dst_endpoint.port"));
        network.put("DestinationHostname", path("dst_endpoint.hostname"));
        network.put("SourceIp", path("src_endpoint.ip"));
        network.put("SourcePort", path("src_endpoint.port"));
        network.put("SourceHostname", path("src_endpoint.hostname"));
        network.put("Protocol", path("connection_info.protocol_name"));
        network.put("Initiated", initiated());

        Map<String, OcsfPaths.FieldReader> dns = new HashMap<>(ACTOR);
        dns.put("QueryName", path("query.hostname"));
        dns.put("QueryResults", path("answers.rdata"));
        dns.put("QueryStatus", path("rcode_id"));

        Map<String, OcsfPaths.FieldReader> registry = new HashMap<>(ACTOR);
        registry.put("TargetObject", first(path("reg_key.path"), path("reg_value.path")));
        registry.put("Details", path("reg_value.data"));
        registry.put("EventType", registryEventType());

        Map<String, OcsfPaths.FieldReader> access = new HashMap<>(ACTOR);
        access.put("SourceImage", path("actor.process.file.path"));
        access.put("SourceProcessId", path("actor.process.pid"));
        access.put("SourceUser", first(user("actor.user"), user("actor.process.user")));
        access.put("TargetImage", path("process.file.path"));
        access.put("TargetProcessId", path("process.pid"));
        access.put("TargetUser", user("process.user"));
        access.put("GrantedAccess", permissions());

        for (String c : List.of("process_creation", "process_termination")) {
            BY_CATEGORY.put(c, PROCESS);
        }
        BY_CATEGORY.put("image_load", imageLoad);
        BY_CATEGORY.put("driver_load", driverLoad);
        for (String c : List.of("file_event", "file_executable_detected", "file_delete", "file_change", "file_access")) {
            BY_CATEGORY.put(c, file);
        }
        BY_CATEGORY.put("file_rename", rename);
        BY_CATEGORY.put("network_connection", network);
        BY_CATEGORY.put("dns_query", dns);
        for (String c : List.of("registry_event", "registry_add", "registry_delete", "registry_set", "registry_rename")) {
            BY_CATEGORY.put(c, registry);
        }
        BY_CATEGORY.put("process_access", access);
        BY_CATEGORY.put("create_remote_thread", access);
    }

    private EndpointFields() {
    }

    /** The reader of a field in a rule of {@code category}: mapped, an OCSF path, or {@code unmapped["<name>"]}. */
    static OcsfPaths.FieldReader reader(String category, String name) {
        OcsfPaths.FieldReader unmapped = OcsfPaths.FieldReader.of(List.of("unmapped." + name),
                event -> event.get("unmapped") instanceof Map<?, ?> u && u.get(name) != null ? List.of(u.get(name)) : List.of());
        OcsfPaths.FieldReader mapped = BY_CATEGORY.getOrDefault(category, Map.of()).get(name);
        if (mapped != null) {
            return first(mapped, unmapped);
        }
        if (name.equals("EventID")) {
            return first(path("metadata.event_code"), unmapped);
        }
        OcsfPaths.FieldReader ocsf = OcsfPaths.reader(name);
        return ocsf != null ? ocsf : unmapped;
    }

    /** Whether the category has a taxonomy here. */
    static boolean knows(String category) {
        return BY_CATEGORY.containsKey(category);
    }

    /** The Sigma names mapped for a category, and the first OCSF place each is read from (for the docs' test). */
    static Map<String, OcsfPaths.FieldReader> mapped(String category) {
        return BY_CATEGORY.getOrDefault(category, Map.of());
    }

    private static void fileDetails(Map<String, OcsfPaths.FieldReader> fields, String file) {
        fields.put("OriginalFileName", path(file + ".internal_name"));
        fields.put("Product", path(file + ".product.name"));
        fields.put("Company", path(file + ".company_name"));
        fields.put("Description", path(file + ".desc"));
        fields.put("FileVersion", path(file + ".version"));
    }

    static OcsfPaths.FieldReader path(String path) {
        String[] parts = path.split("\\.");
        return OcsfPaths.FieldReader.of(List.of(path), event -> OcsfPaths.values(event, parts));
    }

    static OcsfPaths.FieldReader first(OcsfPaths.FieldReader... readers) {
        List<String> paths = new ArrayList<>();
        for (OcsfPaths.FieldReader reader : readers) {
            paths.addAll(reader.paths());
        }
        return OcsfPaths.FieldReader.of(paths, event -> {
            for (OcsfPaths.FieldReader reader : readers) {
                List<Object> values = reader.read(event);
                if (!values.isEmpty()) {
                    return values;
                }
            }
            return List.of();
        });
    }

    /** Sysmon's {@code User} is {@code DOMAIN\name}; OCSF keeps the two apart ({@code name} may hold both). */
    private static OcsfPaths.FieldReader user(String prefix) {
        String[] name = (prefix + ".name").split("\\.");
        String[] domain = (prefix + ".domain").split("\\.");
        return OcsfPaths.FieldReader.of(List.of(prefix + ".name", prefix + ".domain"), event -> {
            List<Object> names = OcsfPaths.values(event, name);
            List<Object> domains = OcsfPaths.values(event, domain);
            if (names.size() != 1 || domains.size() != 1 || names.get(0).toString().contains("\\")) {
                return names;
            }
            return List.of(domains.get(0) + "\\" + names.get(0));
        });
    }

    /**
     * Sysmon's {@code Hashes}, {@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…}, from OCSF's list of fingerprints: each
     * {@code ALGORITHM=VALUE} on its own and, when there are several, all of them joined by commas.
     */
    private static OcsfPaths.FieldReader hashes(String path) {
        String[] parts = path.split("\\.");
        return OcsfPaths.FieldReader.of(List.of(path), event -> {
            List<Object> out = new ArrayList<>();
            for (Object h : OcsfPaths.values(event, parts)) {
                if (h instanceof Map<?, ?> fingerprint && fingerprint.get("value") != null) {
                    String algorithm = algorithm(fingerprint.get("algorithm_id"), fingerprint.get("algorithm"));
                    if (algorithm != null) {
                        out.add(algorithm + "=" + fingerprint.get("value"));
                    }
                }
            }
            if (out.size() > 1) {
                out.add(String.join(",", out.stream().map(Object::toString).toList()));
            }
            return out;
        });
    }

    /** OCSF's {@code algorithm_id} (1 MD5, 2 SHA-1, 3 SHA-256, 4 SHA-512) or, for others, its name. */
    private static String algorithm(Object id, Object name) {
        String byId = id instanceof Number n ? switch (n.intValue()) {
            case 1 -> "MD5";
            case 2 -> "SHA1";
            case 3 -> "SHA256";
            case 4 -> "SHA512";
            default -> null;
        } : null;
        if (byId != null) {
            return byId;
        }
        return name == null ? null : name.toString().replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** Sysmon's {@code Signed}: {@code true} when the digital signature's state is Valid (1), else {@code false}. */
    private static OcsfPaths.FieldReader signed(String signature) {
        String[] state = (signature + ".state_id").split("\\.");
        return OcsfPaths.FieldReader.of(List.of(signature + ".state_id"), event -> {
            List<Object> states = OcsfPaths.values(event, state);
            return states.isEmpty() ? List.of() : List.of(String.valueOf(Integer.valueOf(1).equals(states.get(0))));
        });
    }

    /** Sysmon's {@code Initiated}: {@code true} for an outbound connection (direction 2), {@code false} inbound (1). */
    private static OcsfPaths.FieldReader initiated() {
        String[] direction = {"connection_info", "direction_id"};
        return OcsfPaths.FieldReader.of(List.of("connection_info.direction_id"), event -> {
            List<Object> d = OcsfPaths.values(event, direction);
            if (d.isEmpty() || !(d.get(0) instanceof Number n) || (n.intValue() != 1 && n.intValue() != 2)) {
                return List.of();
            }
            return List.of(String.valueOf(n.intValue() == 2));
        });
    }

    /** Sysmon's {@code GrantedAccess} ({@code 0x1410}) from Process Activity's {@code actual_permissions}. */
    private static OcsfPaths.FieldReader permissions() {
        String[] actual = {"actual_permissions"};
        return OcsfPaths.FieldReader.of(List.of("actual_permissions"), event -> {
            List<Object> p = OcsfPaths.values(event, actual);
            return p.isEmpty() || !(p.get(0) instanceof Number n) ? List.of() : List.of("0x" + Long.toHexString(n.longValue()));
        });
    }

    /**
     * Sysmon's registry {@code EventType} from the OCSF class and activity: Registry Key Activity (201001) Create 1
     * {@code CreateKey}, Delete 4 {@code DeleteKey}, Rename 5 {@code RenameKey}; Registry Value Activity (201002)
     * Set 2 {@code SetValue}, Delete 4 {@code DeleteValue}.
     */
    private static OcsfPaths.FieldReader registryEventType() {
        return OcsfPaths.FieldReader.of(List.of("class_uid", "activity_id"), event -> {
            Object c = event.get("class_uid");
            Object a = event.get("activity_id");
            if (!(c instanceof Number cls) || !(a instanceof Number activity)) {
                return List.of();
            }
            String type = switch (cls.intValue() * 10 + activity.intValue()) {
                case 2010011 -> "CreateKey";
                case 2010014 -> "DeleteKey";
                case 2010015 -> "RenameKey";
                case 2010022 -> "SetValue";
                case 2010024 -> "DeleteValue";
                default -> null;
            };
            return type == null ? List.of() : List.of(type);
        });
    }
}
