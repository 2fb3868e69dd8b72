package io.securitylake.subscriber;

/**
 * Every exchange property and header of our own, in one place. Names follow one convention, {@code Lake} and the
 * value's name in PascalCase (as Camel's own are {@code Camel...}), so a route file can say which it reads or
 * sets, and each route file lists the ones it uses in its header comment.
 */
public final class LakeExchange {

    /** Property, set by {@code objectLedger.begin}: what the ledger decided for the object (ingest.IngestPlan). */
    public static final String PLAN = "LakePlan";
    /** Property, set by {@code objectLedger.begin}: tenant, bucket, key and partitions of the object being read. */
    public static final String CONTEXT = "LakeContext";
    /** Property, set by {@code objectLedger.begin}: rows stored and unassigned, bytes read (ingest.IngestProgress). */
    public static final String PROGRESS = "LakeProgress";
    /** Property, set by {@code objectSpool.spool}: the object's temporary file, removed by {@code objectSpool.release}. */
    public static final String SPOOL_FILE = "LakeSpoolFile";
    /**
     * Property, set by route {@code store-chunk}: the tenant batch being written, counted by
     * {@code tenantBatches.stored}, then evaluated by route {@code detect}.
     */
    public static final String BATCH = "LakeBatch";
    /** Header, set by route {@code store-chunk}: the tenant whose store the batch goes to. */
    public static final String TENANT = "LakeTenant";
    /**
     * Property, set by {@code detector.detect} (route {@code detect}): the batch's detections, stored now or by an
     * earlier attempt (a list of detect.Detection), which route {@code correlate} groups into incidents.
     */
    public static final String DETECTIONS = "LakeDetections";
    /** Property, set by {@code incidents.correlate}: the incidents created or raised in severity (incident.IncidentChange). */
    public static final String INCIDENT_CHANGES = "LakeIncidentChanges";
    /** Header, set by route {@code correlate} on each message to {@code direct:alert}: {@code created} or {@code severity_raised}. */
    public static final String INCIDENT_CHANGE = "LakeIncidentChange";
    /** Header, set by route {@code correlate} on each message to {@code direct:alert}: the incident's version after the change. */
    public static final String INCIDENT_VERSION = "LakeIncidentVersion";
    /** Property, set by the REST query beans: the HTTP request behind a REST route's exchange. */
    public static final String API_REQUEST = "LakeApiRequest";

    private LakeExchange() {
    }
}
