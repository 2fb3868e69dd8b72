package io.securitylake.subscriber.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Windows Sysmon events (as SigmaHQ's regression data renders them: {@code Event.System}, {@code Event.EventData})
 * written the way a Sysmon custom source of Security Lake would write them: OCSF 1.1 events, one class per Sysmon
 * event id, after the AWS transformation library's {@code windows-sysmon} custom source
 * (aws-samples/amazon-security-lake-transformation-library: 1 Process Activity, 7 image load, 10 process access,
 * 11 / 23 / 26 File System Activity, 12 / 13 / 14 registry) with OCSF's attributes for Sysmon's fields. What OCSF
 * has no place for stays in {@code unmapped} under its Sysmon name, and only that: a field read from the wrong
 * OCSF place then finds nothing.
 */
public final class SysmonEvents {

    static final String SPEC = OcsfEvents.IDS + OcsfEvents.NAMES + OcsfEvents.TIME + OcsfEvents.METADATA
            + "device{hostname, os{name, type, type_id:int}}, "
            + "process{pid:int, uid, name, cmd_line, working_directory, integrity, " + file("file") + ", "
            + "user{name, domain}, session{uid}, "
            + "parent_process{pid:int, uid, name, cmd_line, file{path, name}, user{name, domain}}}, "
            + "actor{process{pid:int, uid, name, cmd_line, file{path, name}}, user{name, domain}}, "
            + "file{path, name}, module{" + file("file") + "}, "
            + "reg_key{path}, reg_value{path, data}, actual_permissions:int, " + OcsfEvents.UNMAPPED;

    private static final Schema SCHEMA = AvroSpec.parse("sysmon", "1.1.0", SPEC);

    /** The Sysmon event ids this source writes. */
    public static final Set<Integer> CONVERTED = Set.of(1, 7, 10, 11, 12, 13, 14, 23, 26);

    private SysmonEvents() {
    }

    private static String file(String name) {
        return name + "{path, name, internal_name, company_name, desc, version, product{name}, "
                + "hashes[{algorithm_id:int, algorithm, value}], signature{state, state_id:int, certificate{subject}}}";
    }

    /** One Sysmon event to convert: its {@code Event} object, the uid and time it gets. */
    public record Sysmon(Map<String, Object> event, String uid, long timeMs) {
    }

    /** A process creation (Sysmon event 1) on host ws1 with the fields given (those OCSF has no place for: unmapped). */
    public static Sysmon launch(String uid, java.time.Instant time, Map<String, Object> eventData) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("System", Map.of("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "Computer", "ws1"));
        event.put("EventData", eventData);
        return new Sysmon(event, uid, time.toEpochMilli());
    }

    /** Writes the events as one Parquet object of the custom source. */
    public static void write(Path file, List<Sysmon> events) {
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(SCHEMA).withDataModel(GenericData.get()).withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (Sysmon s : events) {
                writer.write(ocsf(s).record());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** The OCSF event of one Sysmon event; IllegalArgumentException for an event id not converted. */
    @SuppressWarnings("unchecked")
    static OcsfRecord ocsf(Sysmon s) {
        Map<String, Object> system = (Map<String, Object>) s.event().get("System");
        Map<String, String> data = new LinkedHashMap<>();
        ((Map<String, Object>) s.event().getOrDefault("EventData", Map.of())).forEach((k, v) -> {
            if (v != null) {
                data.put(k, v.toString());
            }
        });
        int eventId = ((Number) system.get("EventID")).intValue();
        OcsfRecord e = new OcsfRecord(SCHEMA);
        Map<String, String> unmapped = new HashMap<>(data);
        Fields f = new Fields(e, data, unmapped);
        switch (eventId) {
            case 1 -> {
                classify(e, 1007, "Process Activity", 1, "Launch");
                f.process("process", "Image", "ProcessId", "ProcessGuid", "CommandLine");
                f.set("process.working_directory", "CurrentDirectory").set("process.integrity", "IntegrityLevel")
                        .set("process.session.uid", "LogonId");
                f.fileDetails("process.file");
                f.user("process.user", "User").user("actor.user", "User");
                f.process("process.parent_process", "ParentImage", "ParentProcessId", "ParentProcessGuid", "ParentCommandLine");
                f.user("process.parent_process.user", "ParentUser");
                // the actor is the parent that launched the process, as OCSF Process Activity models it
                e.set("actor.process.file.path", data.get("ParentImage")).set("actor.process.pid", e.get("process.parent_process.pid"))
                        .set("actor.process.cmd_line", data.get("ParentCommandLine"));
            }
            case 7 -> {
                classify(e, 1005, "Module Activity", 1, "Load");
                f.process("actor.process", "Image", "ProcessId", "ProcessGuid", null);
                f.user("actor.user", "User");
                f.path("module.file", "ImageLoaded");
                f.fileDetails("module.file");
                if ("true".equalsIgnoreCase(data.get("Signed"))) {
                    unmapped.remove("Signed");
                    e.set("module.file.signature.state_id", "Valid".equalsIgnoreCase(data.get("SignatureStatus")) ? 1 : 99);
                    f.set("module.file.signature.state", "SignatureStatus").set("module.file.signature.certificate.subject", "Signature");
                }
            }
            case 10 -> {
                classify(e, 1007, "Process Activity", 3, "Open");
                f.process("actor.process", "SourceImage", "SourceProcessId", "SourceProcessGUID", null);
                f.user("actor.user", "SourceUser");
                f.process("process", "TargetImage", "TargetProcessId", "TargetProcessGUID", null);
                f.user("process.user", "TargetUser");
                String access = unmapped.remove("GrantedAccess");
                if (access != null) {
                    e.set("actual_permissions", (int) Long.parseLong(access.replaceFirst("^0x", ""), 16));
                }
            }
            case 11, 23, 26 -> {
                classify(e, 1001, "File System Activity", eventId == 11 ? 1 : 4, eventId == 11 ? "Create" : "Delete");
                f.process("actor.process", "Image", "ProcessId", "ProcessGuid", null);
                f.user("actor.user", "User");
                f.path("file", "TargetFilename");
            }
            case 12, 13, 14 -> {
                String type = data.getOrDefault("EventType", "");
                boolean value = eventId == 13 || type.equalsIgnoreCase("DeleteValue") || type.equalsIgnoreCase("CreateValue");
                int activity = eventId == 13 ? 2 : eventId == 14 ? 5 : type.startsWith("Delete") ? 4 : 1;
                classify(e, value ? 201002 : 201001, value ? "Registry Value Activity" : "Registry Key Activity", activity,
                        activity == 2 ? "Set" : activity == 5 ? "Rename" : activity == 4 ? "Delete" : "Create");
                f.process("actor.process", "Image", "ProcessId", "ProcessGuid", null);
                f.user("actor.user", "User");
                unmapped.remove("EventType"); // the class and activity say it
                f.set(value ? "reg_value.path" : "reg_key.path", "TargetObject");
                if (value) {
                    f.set("reg_value.data", "Details");
                }
            }
            default -> throw new IllegalArgumentException("Sysmon event " + eventId + " is not converted");
        }
        e.set("time", s.timeMs()).set("severity_id", 1).set("severity", "Informational")
                .set("metadata.uid", s.uid()).set("metadata.version", "1.1.0")
                .set("metadata.product.name", "Sysmon").set("metadata.product.vendor_name", "Microsoft")
                .set("metadata.event_code", String.valueOf(eventId)).set("metadata.log_name", system.get("Channel"))
                .set("device.hostname", system.get("Computer"))
                .set("device.os.name", "Windows").set("device.os.type", "Windows").set("device.os.type_id", 100)
                .set("unmapped", unmapped);
        return e;
    }

    private static void classify(OcsfRecord e, int classUid, String className, int activityId, String activityName) {
        int category = classUid >= 100000 ? 1 : classUid / 1000;
        e.set("class_uid", classUid).set("class_name", className).set("category_uid", category)
                .set("category_name", category == 1 ? "System Activity" : "Network Activity")
                .set("activity_id", activityId).set("activity_name", activityName)
                .set("type_uid", classUid * 100L + activityId).set("type_name", className + ": " + activityName);
    }

    /** Moves Sysmon fields to OCSF paths, out of what stays unmapped. */
    private record Fields(OcsfRecord event, Map<String, String> data, Map<String, String> unmapped) {

        Fields set(String path, String field) {
            String value = unmapped.remove(field);
            if (value != null) {
                event.set(path, value);
            }
            return this;
        }

        Fields path(String file, String field) {
            String value = data.get(field);
            set(file + ".path", field);
            if (value != null) {
                event.set(file + ".name", value.substring(value.lastIndexOf('\\') + 1));
            }
            return this;
        }

        void process(String at, String image, String pid, String guid, String cmdLine) {
            path(at + ".file", image);
            if (data.get(image) != null && !at.startsWith("actor")) {
                event.set(at + ".name", event.get(at + ".file.name"));
            }
            String p = unmapped.remove(pid);
            if (p != null && p.matches("[0-9]+")) {
                event.set(at + ".pid", Integer.parseInt(p));
            }
            set(at + ".uid", guid);
            if (cmdLine != null) {
                set(at + ".cmd_line", cmdLine);
            }
        }

        /** Sysmon's {@code DOMAIN\name} as OCSF's domain and name. */
        Fields user(String at, String field) {
            String value = data.get(field);
            unmapped.remove(field);
            if (value != null) {
                int slash = value.indexOf('\\');
                event.set(at + ".name", slash < 0 ? value : value.substring(slash + 1));
                if (slash > 0) {
                    event.set(at + ".domain", value.substring(0, slash));
                }
            }
            return this;
        }

        void fileDetails(String file) {
            set(file + ".internal_name", "OriginalFileName").set(file + ".company_name", "Company")
                    .set(file + ".desc", "Description").set(file + ".version", "FileVersion")
                    .set(file + ".product.name", "Product");
            String hashes = unmapped.remove("Hashes");
            if (hashes == null) {
                return;
            }
            List<GenericData.Record> list = new ArrayList<>();
            for (String pair : hashes.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String algorithm = pair.substring(0, eq).trim().toUpperCase();
                int id = switch (algorithm) {
                    case "MD5" -> 1;
                    case "SHA1" -> 2;
                    case "SHA256" -> 3;
                    case "SHA512" -> 4;
                    default -> 99;
                };
                GenericData.Record h = event.item(file + ".hashes");
                h.put("algorithm_id", id);
                h.put("algorithm", algorithm);
                h.put("value", pair.substring(eq + 1).trim());
                list.add(h);
            }
            event.set(file + ".hashes", list);
        }
    }
}
