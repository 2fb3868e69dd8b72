package io.securitylake.subscriber.ocsf;

import static io.securitylake.subscriber.ocsf.EventFields.at;
import static io.securitylake.subscriber.ocsf.EventFields.text;

import io.securitylake.subscriber.notification.LakeKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Enriches one OCSF event in place: one Java type per integer, long and timestamp attribute whatever the writer
 * ({@link TypedAttributes}: every {@code *_time} in epoch milliseconds, originals in {@code _lake.times_original},
 * values that are not of their type in {@code _lake.kept_as_written}), names from ids, time in epoch
 * milliseconds, a stable id, the {@code _lake} object. Stateless apart from the immutable catalog, so one instance serves all threads.
 * <p>
 * Strings are not scanned for the NUL character (U+0000): PostgreSQL {@code jsonb} rejects it, but a scan of
 * every string of every event costs more than the rare hit is worth here. The JSON writer of the store must
 * replace U+0000 with U+FFFD as it writes. The derived id hashes the event as received, NUL included.
 */
public class EventNormaliser {

    private final NameEnricher names;
    private final TypedAttributes typed = new TypedAttributes(AttributeTypes.load());

    public EventNormaliser(OcsfCatalog catalog) {
        this.names = new NameEnricher(Objects.requireNonNull(catalog, "catalog"));
    }

    /**
     * @param event   a mutable map from the Parquet reader; it is changed and becomes the result's event
     * @param context the object the event came from
     */
    public NormalisedEvent normalise(Map<String, Object> event, ObjectContext context) {
        String uid = at(event, "metadata", "uid") instanceof String s && !s.isBlank() ? s : null;
        if (uid == null) {
            uid = CanonicalJson.sha256(event); // before any change: the id is of the row as the lake holds it
        }
        TypedAttributes.Outcome typing = typed.apply(event);
        Object version = at(event, "metadata", "version");
        NameEnricher.Ids ids = names.enrich(event, version instanceof String v ? v : null);

        LakeKey key = context.partitions();
        Instant ingestedAt = context.ingestedAt() != null ? context.ingestedAt() : Instant.now();
        EventTime time = EventTime.resolve(event.get("time"), event.get("time_dt"),
                key == null ? null : key.eventDay(), ingestedAt);
        event.put("time", time.epochMs());

        String account = key != null && key.accountId() != null
                ? key.accountId() : text(at(event, "cloud", "account", "uid"));
        String region = key != null && key.region() != null ? key.region() : text(at(event, "cloud", "region"));
        String source = key == null ? null : key.source();

        Map<String, Object> lake = new LinkedHashMap<>(32);
        putIfNotNull(lake, "tenant", context.tenant());
        putIfNotNull(lake, "bucket", context.bucket());
        putIfNotNull(lake, "key", context.key());
        lake.put("ingested_at", ingestedAt.toString()); // Instant prints RFC 3339 in UTC
        putIfNotNull(lake, "account", account);
        putIfNotNull(lake, "region", region);
        putIfNotNull(lake, "source", source);
        putIfNotNull(lake, "source_version", key == null ? null : key.sourceVersion());
        putIfNotNull(lake, "event_day", key == null ? null : key.eventDay());
        lake.put("event_uid", uid);
        putIfNotNull(lake, "time_source", time.source());
        putIfNotNull(lake, "time_original", time.original());
        putIfNotNull(lake, "times_original", typing.timesOriginal());
        putIfNotNull(lake, "kept_as_written", typing.keptAsWritten());
        putIfNotNull(lake, "original", event.remove("_lake")); // the producer's own field, kept whole
        event.put("_lake", lake);

        return new NormalisedEvent(uid, time.epochMs(), ids.classUid(), ids.categoryUid(), ids.severityId(),
                account, region, source, event);
    }

    private static void putIfNotNull(Map<String, Object> map, String field, Object value) {
        if (value != null) {
            map.put(field, value);
        }
    }
}
