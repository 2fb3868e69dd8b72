package io.securitylake.subscriber.demo;

import java.util.List;

import org.apache.avro.Schema;

/**
 * Falcon process telemetry as a CrowdStrike custom source writes it: OCSF 1.3.0 Process
 * Activity (1007), mostly benign launches with the occasional suspicious tool.
 */
final class CrowdStrikeProcesses extends OcsfEvents {

    static final String SPEC = IDS + NAMES + TIME + METADATA + CLOUD + STATUS + OBSERVABLES
            + FalconTelemetry.DEVICE + "process" + FalconTelemetry.PROCESS
            + "actor{process{pid:int, uid, name, cmd_line, file{path, name}}, user{name, uid, type_id:int, domain}, "
            + "session{uid, created_time:long, is_remote:bool}}, "
            + "exit_code:int, injection_type_id:int, " + UNMAPPED;

    private static final String[] ACTIVITY = {"Unknown", "Launch", "Terminate", "Open", "Inject"};
    private static final String[] LINUX_USERS = {"root", "ec2-user", "ssm-user", "app"};

    private final FalconTelemetry falcon;
    private final String cid;

    CrowdStrikeProcesses(DemoBatch batch, Schema schema) {
        super(batch, schema);
        this.falcon = new FalconTelemetry(values);
        this.cid = DemoValues.hex16(DemoValues.mix(Long.parseLong(batch.account()))) + values.hex(16);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        double u = values.nextDouble();
        int activity = u < 0.8 ? 1 : u < 0.95 ? 2 : u < 0.99 ? 3 : 4;
        String[] binary = values.chance(0.03)
                ? FalconTelemetry.BINARIES[values.nextInt(FalconTelemetry.FIRST_SUSPICIOUS, FalconTelemetry.BINARIES.length)]
                : FalconTelemetry.BINARIES[values.nextInt(FalconTelemetry.FIRST_SUSPICIOUS)];
        boolean linux = binary[0].startsWith("/");
        classify(event, activity, ACTIVITY[activity], activity == 4 ? 4 : 1);
        String host = linux ? "k8s-node-" + batch.region() + "-" + (100 + values.nextInt(60)) : values.hostName();
        String user = linux ? values.pick(LINUX_USERS) : values.chance(0.3) ? "NT AUTHORITY\\SYSTEM" : "CORP\\" + values.userName();
        String aid = FalconTelemetry.agentId(host);
        falcon.device(event, host, batch.region());
        String fileName = falcon.process(event, "process", binary, user, time);
        // the actor is the parent that launched the process, as OCSF Process Activity models it
        event.set("actor.process.pid", event.get("process.parent_process.pid"))
                .set("actor.process.uid", event.get("process.parent_process.uid"))
                .set("actor.process.name", event.get("process.parent_process.name"))
                .set("actor.process.file.path", event.get("process.parent_process.file.path"))
                .set("actor.process.file.name", event.get("process.parent_process.name"))
                .set("actor.user.name", user).set("actor.user.uid", event.get("process.user.uid"))
                .set("actor.user.type_id", user.startsWith("NT AUTHORITY") || user.equals("root") ? 2 : 1)
                .set("actor.session.uid", values.hex(16)).set("actor.session.created_time", time - values.nextLong(60_000, 36_000_000))
                .set("actor.session.is_remote", values.chance(0.2))
                .set("metadata.product.name", "Falcon Insight XDR").set("metadata.product.vendor_name", "CrowdStrike")
                .set("metadata.product.version", "7.16." + values.nextInt(18000, 18999))
                .set("metadata.product.feature.name", "Falcon Data Replicator")
                .set("metadata.profiles", list("cloud", "host", "datetime"))
                .set("metadata.event_code", activity == 2 ? "EndOfProcess" : "ProcessRollup2")
                .set("metadata.correlation_uid", aid)
                .set("metadata.logged_time", loggedTime(time, values.nextInt(200, 20_000)))
                .set("status", "Success").set("status_id", 1)
                .set("observables", List.of(observable(event, "device.hostname", 1, "Hostname", host),
                        observable(event, "process.file.name", 7, "File Name", fileName),
                        observable(event, "process.file.hashes.value", 8, "Hash",
                                ((org.apache.avro.generic.GenericRecord) ((List<?>) event.get("process.file.hashes")).get(0)).get("value").toString())))
                .set("unmapped", map("cid", cid, "aid", aid, "event_platform", linux ? "Lin" : "Win",
                        "ConfigBuild", "1007.3.0018605.1", "TreeId", String.valueOf(values.nextLong(1L << 40, 1L << 50)),
                        "RawProcessId", String.valueOf(values.nextLong(1_000_000, 9_000_000_000L)),
                        "TargetProcessId", String.valueOf(values.nextLong(1_000_000, 9_000_000_000L)),
                        "ImageSubsystem", linux ? "0" : "3", "IntegrityLevel", user.startsWith("NT") ? "16384" : "8192"));
        if (activity == 2) {
            event.set("exit_code", values.chance(0.9) ? 0 : values.nextInt(1, 255));
        } else if (activity == 4) {
            event.set("injection_type_id", values.nextInt(1, 4));
        }
    }
}
