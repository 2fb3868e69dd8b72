package io.securitylake.subscriber.demo;

import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Base of the per-source event builders: sets what every OCSF event of a source shares (ids,
 * names where the source writes them, time, metadata, cloud) and leaves the class-specific
 * objects to the subclass. Rows are built one at a time so a file of any size streams.
 */
abstract class OcsfEvents {

    // Spec fragments (see AvroSpec) shared by the sources; names are what real writers emit.
    static final String IDS = "activity_id:int!, category_uid:int!, class_uid:int!, type_uid:long!, severity_id:int!, ";
    static final String NAMES = "activity_name, category_name, class_name, type_name, severity, ";
    static final String TIME = "time:long!, time_dt:ts, ";
    static final String PRODUCT = "product{name!, vendor_name!, version, uid, feature{name, uid}}, ";
    static final String METADATA = "metadata{" + PRODUCT + "uid, version!, profiles[string], event_code, log_name, "
            + "log_provider, logged_time:long, correlation_uid}, ";
    static final String CLOUD = "cloud{account{uid}, region, zone, provider!}, ";
    static final String STATUS = "status, status_id:int, status_code, status_detail, message, ";
    static final String OBSERVABLES = "observables[{name, type_id:int, type, value}], ";
    static final String UNMAPPED = "unmapped:map";

    /** OCSF 1.1.0 to 1.3.0 severity_id captions (0..6; 99 is Other). */
    private static final String[] SEVERITY = {"Unknown", "Informational", "Low", "Medium", "High", "Critical", "Fatal"};

    protected final DemoBatch batch;
    protected final DemoValues values;
    private final Schema schema;
    private final boolean writesNames;
    private final boolean writesUid;
    private final long uidSeed;
    private final long firstMillis;
    private final long spanMillis;
    private final long writtenMillis;

    OcsfEvents(DemoBatch batch, Schema schema) {
        this.batch = batch;
        this.schema = schema;
        this.values = new DemoValues(batch.seed() ^ DemoValues.mix(batch.source().ordinal() + 1));
        this.writesNames = OcsfRecord.has(schema, "class_name");
        this.writesUid = OcsfRecord.has(schema, "metadata.uid");
        // ids must differ across files too (the store keeps one event per id), not only across rows
        this.uidSeed = DemoValues.mix(batch.seed() ^ DemoValues.mix((batch.source().name() + batch.account()
                + batch.region() + batch.day()).hashCode()));
        this.firstMillis = batch.window().from().toEpochMilli();
        this.writtenMillis = batch.window().writtenAt().toEpochMilli();
        this.spanMillis = writtenMillis - firstMillis;
    }

    final GenericData.Record next(long row) {
        OcsfRecord event = new OcsfRecord(schema);
        DemoSource source = batch.source();
        // rows advance through the window like a real object's, each inside [from, writtenAt)
        long time = firstMillis + (long) ((row + values.nextDouble()) * spanMillis / Math.max(1, batch.events()));
        event.set("class_uid", source.classUid())
                .set("category_uid", source.categoryUid())
                .set("time", time)
                .set("metadata.version", source.ocsfVersion())
                .set("cloud.provider", "AWS")
                .set("cloud.account.uid", batch.account())
                .set("cloud.region", batch.region());
        if (OcsfRecord.has(schema, "time_dt")) {
            event.set("time_dt", time);
        }
        if (writesUid) {
            event.set("metadata.uid", DemoValues.eventUid(uidSeed, row));
        }
        if (writesNames) {
            event.set("class_name", source.className()).set("category_name", source.categoryName());
        }
        fill(event, row, time);
        return event.record();
    }

    /** Adds the class-specific objects; must call {@link #classify}. */
    abstract void fill(OcsfRecord event, long row, long time);

    protected final void classify(OcsfRecord event, int activityId, String activityName, int severityId) {
        event.set("activity_id", activityId)
                .set("type_uid", (long) batch.source().classUid() * 100 + activityId)
                .set("severity_id", severityId);
        if (writesNames) {
            event.set("activity_name", activityName)
                    .set("type_name", batch.source().className() + ": " + activityName)
                    .set("severity", severityId == 99 ? "Other" : SEVERITY[severityId]);
        }
    }

    /**
     * When the source logged an event that happened at {@code time}, {@code delayMillis} later, but never
     * after the object holding it is written.
     */
    protected final long loggedTime(long time, long delayMillis) {
        return Math.min(time + delayMillis, writtenMillis);
    }

    /** Severity skewed towards the low end, as in real finding feeds. */
    protected final int severity(int min, int max) {
        double u = values.nextDouble();
        return min + (int) (u * u * (max - min + 1));
    }

    protected static GenericData.Record observable(OcsfRecord event, String name, int typeId, String type, String value) {
        GenericData.Record item = event.item("observables");
        item.put("name", name);
        item.put("type_id", typeId);
        item.put("type", type);
        item.put("value", value);
        return item;
    }

    protected static List<String> list(String... values) {
        return List.of(values);
    }

    protected static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
