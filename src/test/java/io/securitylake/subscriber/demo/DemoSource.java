package io.securitylake.subscriber.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.function.BiFunction;

import org.apache.avro.Schema;

/**
 * The sources the demo lake writes: four native Security Lake 2.0 sources (OCSF 1.1.0) and two
 * CrowdStrike custom sources. Each knows its OCSF class and how Security Lake names its objects.
 */
public enum DemoSource {

    CLOUD_TRAIL_MGMT("CLOUD_TRAIL_MGMT", "1.1.0", 6003, "API Activity", "Application Activity",
            CloudTrailEvents.SPEC, CloudTrailEvents::new),
    VPC_FLOW("VPC_FLOW", "1.1.0", 4001, "Network Activity", "Network Activity",
            VpcFlowEvents.SPEC, VpcFlowEvents::new),
    ROUTE53("ROUTE53", "1.1.0", 4003, "DNS Activity", "Network Activity",
            Route53Events.SPEC, Route53Events::new),
    /** Security Hub's control findings, which Security Lake 2.0 writes as Compliance Finding. */
    SH_FINDINGS("SH_FINDINGS", "1.1.0", 2003, "Compliance Finding", "Findings",
            SecurityHubFindings.SPEC, SecurityHubFindings::new),
    CROWDSTRIKE_DETECTIONS("CrowdStrike_Detection_Finding", "1.1.0", 2004, "Detection Finding", "Findings",
            CrowdStrikeDetections.SPEC, CrowdStrikeDetections::new),
    /** Writes a later OCSF version and lower-case partition names: custom writers differ. */
    CROWDSTRIKE_PROCESS("CrowdStrike_Process_Activity", "1.3.0", 1007, "Process Activity", "System Activity",
            CrowdStrikeProcesses.SPEC, CrowdStrikeProcesses::new);

    private static final DateTimeFormatter EVENT_DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final String lakeName;
    private final String ocsfVersion;
    private final int classUid;
    private final String className;
    private final String categoryName;
    private final Schema schema;
    private final BiFunction<DemoBatch, Schema, OcsfEvents> events;

    DemoSource(String lakeName, String ocsfVersion, int classUid, String className, String categoryName,
               String spec, BiFunction<DemoBatch, Schema, OcsfEvents> events) {
        this.lakeName = lakeName;
        this.ocsfVersion = ocsfVersion;
        this.classUid = classUid;
        this.className = className;
        this.categoryName = categoryName;
        this.schema = AvroSpec.parse(className.toLowerCase().replace(' ', '_'), ocsfVersion, spec);
        this.events = events;
    }

    /** The source's name in object keys: {@code VPC_FLOW}, {@code CrowdStrike_Detection_Finding}. */
    public String lakeName() {
        return lakeName;
    }

    public String ocsfVersion() {
        return ocsfVersion;
    }

    public int classUid() {
        return classUid;
    }

    public int categoryUid() {
        return classUid / 1000;
    }

    public String className() {
        return className;
    }

    public String categoryName() {
        return categoryName;
    }

    /** Custom sources live under {@code ext/}; native ones under {@code aws/}. */
    public boolean custom() {
        return this == CROWDSTRIKE_DETECTIONS || this == CROWDSTRIKE_PROCESS;
    }

    Schema schema() {
        return schema;
    }

    OcsfEvents events(DemoBatch batch) {
        return events.apply(batch, schema);
    }

    /**
     * The object key Security Lake would give a file of this source; the file name is derived
     * from the seed so that a demo run is repeatable.
     */
    public String key(String account, String region, LocalDate day, long seed) {
        long hi = DemoValues.mix(seed * 31 + ordinal());
        long lo = DemoValues.mix(hi ^ seed);
        String partitions = (this == CROWDSTRIKE_PROCESS ? "region=%s/accountid=%s/eventday=%s/" : "region=%s/accountId=%s/eventDay=%s/")
                .formatted(region, account, day.format(EVENT_DAY));
        if (custom()) {
            return "ext/" + lakeName + "/" + partitions + DemoValues.uuid(hi, lo) + ".parquet";
        }
        return "aws/" + lakeName + "/2.0/" + partitions + DemoValues.uuid(hi, lo).replace("-", "") + ".gz.parquet";
    }
}
