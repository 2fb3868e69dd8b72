package io.securitylake.subscriber.demo;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Falcon detections as a CrowdStrike custom source writes them: OCSF 1.1.0 Detection Finding
 * (2004) with MITRE ATT&CK, the offending process tree, the device and observables.
 */
final class CrowdStrikeDetections extends OcsfEvents {

    static final String SPEC = IDS + NAMES + TIME + METADATA + CLOUD + STATUS + OBSERVABLES
            + FalconTelemetry.DEVICE + "process" + FalconTelemetry.PROCESS
            + "actor{user{name, uid, type_id:int, domain}}, "
            + "finding_info{uid, title, desc, types[string], src_url, created_time:long, first_seen_time:long, last_seen_time:long, "
            + "analytic{name, uid, type_id:int, type}, attacks[{version, tactic{name, uid}, technique{name, uid}}]}, "
            + "confidence_id:int, confidence_score:int, " + UNMAPPED;

    /** binary index, tactic, tactic uid, technique, technique uid, title, severity_id. */
    private static final String[][] PATTERNS = {
            {"5", "Discovery", "TA0007", "Permission Groups Discovery: Domain Groups", "T1069.002", "Office application spawned domain discovery commands", "3"},
            {"6", "Execution", "TA0002", "Command and Scripting Interpreter: PowerShell", "T1059.001", "Obfuscated PowerShell downloaded and ran a remote script", "4"},
            {"7", "Defense Evasion", "TA0005", "System Binary Proxy Execution: Rundll32", "T1218.011", "Rundll32 loaded an unsigned DLL from a user temp folder", "4"},
            {"8", "Command and Control", "TA0011", "Ingress Tool Transfer", "T1105", "Certutil downloaded an executable from an internal address", "3"},
            {"9", "Persistence", "TA0003", "Scheduled Task/Job: Scheduled Task", "T1053.005", "Scheduled task created to run a binary from a public folder as SYSTEM", "3"},
            {"10", "Credential Access", "TA0006", "OS Credential Dumping: LSASS Memory", "T1003.001", "Credential dumping tool read LSASS memory", "5"},
            {"11", "Lateral Movement", "TA0008", "Windows Management Instrumentation", "T1047", "Remote process creation over WMI to another host", "4"}};
    private static final String[] ACTIVITY = {"Unknown", "Create", "Update", "Close"};

    private final FalconTelemetry falcon;
    private final String cid;

    CrowdStrikeDetections(DemoBatch batch, Schema schema) {
        super(batch, schema);
        this.falcon = new FalconTelemetry(values);
        this.cid = DemoValues.hex16(DemoValues.mix(Long.parseLong(batch.account()))) + values.hex(16);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        String[] pattern = values.pickSkewed(PATTERNS);
        int activity = values.chance(0.75) ? 1 : values.chance(0.6) ? 2 : 3;
        int severity = Math.min(5, Integer.parseInt(pattern[6]) + (values.chance(0.1) ? 1 : 0));
        classify(event, activity, ACTIVITY[activity], severity);
        String host = values.hostName();
        String user = "CORP\\" + values.userName();
        String aid = FalconTelemetry.agentId(host);
        String detectionId = "ldt:" + aid + ":" + values.nextLong(1_000_000_000L, 99_999_999_999L);
        falcon.device(event, host, batch.region());
        String fileName = falcon.process(event, "process", FalconTelemetry.BINARIES[Integer.parseInt(pattern[0])], user, time);
        long first = time - values.nextInt(1_000, 900_000);
        event.set("metadata.product.name", "Falcon Insight XDR").set("metadata.product.vendor_name", "CrowdStrike")
                .set("metadata.product.version", "7.16." + values.nextInt(18000, 18999))
                .set("metadata.product.feature.name", "Endpoint Detection and Response")
                .set("metadata.profiles", list("cloud", "host", "datetime")).set("metadata.event_code", "DetectionSummaryEvent")
                .set("metadata.correlation_uid", aid)
                .set("status", activity == 3 ? "Resolved" : "New").set("status_id", activity == 3 ? 4 : 1)
                .set("message", pattern[5] + " on " + host)
                .set("actor.user.name", user).set("actor.user.domain", "CORP").set("actor.user.type_id", 1)
                .set("finding_info.uid", detectionId).set("finding_info.title", pattern[5])
                .set("finding_info.desc", "A process on " + host + " matched the CrowdStrike behavioural pattern for "
                        + pattern[3] + " (" + pattern[4] + "). Review the process tree; contain the host if unexpected.")
                .set("finding_info.types", list("Tactics, Techniques and Procedures", pattern[1]))
                .set("finding_info.src_url", "https://falcon.edr-vendor.example/activity-v2/detections/" + detectionId)
                .set("finding_info.created_time", time).set("finding_info.first_seen_time", first)
                .set("finding_info.last_seen_time", time)
                .set("finding_info.analytic.name", pattern[3]).set("finding_info.analytic.uid", "pattern:" + (10_000 + Math.floorMod(pattern[4].hashCode(), 9_000)))
                .set("finding_info.analytic.type_id", 2).set("finding_info.analytic.type", "Behavioral")
                .set("finding_info.attacks", List.of(attack(event, pattern)))
                .set("confidence_id", 3).set("confidence_score", values.nextInt(60, 100))
                .set("observables", List.of(observable(event, "device.hostname", 1, "Hostname", host),
                        observable(event, "actor.user.name", 4, "User Name", user),
                        observable(event, "process.file.name", 7, "File Name", fileName)))
                .set("unmapped", map("cid", cid, "aid", aid, "PatternDispositionValue", "2048",
                        "PatternDispositionDescription", "Prevention, process killed."));
    }

    private GenericData.Record attack(OcsfRecord event, String[] pattern) {
        GenericData.Record attack = event.item("finding_info.attacks");
        attack.put("version", "14.1");
        OcsfRecord.put(attack, "tactic.name", pattern[1]);
        OcsfRecord.put(attack, "tactic.uid", pattern[2]);
        OcsfRecord.put(attack, "technique.name", pattern[3]);
        OcsfRecord.put(attack, "technique.uid", pattern[4]);
        return attack;
    }
}
