package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.store.EventJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decode alone, on one thread: Parquet read, normalise, JSON text; no database. */
final class DecodeOnly {

    private DecodeOnly() {
    }

    /** Reads objects in turn until {@code limit} events are done; the figures as a JSON-ready map. */
    static Map<String, Object> measure(List<BenchObject> objects, long limit, int chunkSize) {
        ParquetEventReader reader = new ParquetEventReader();
        EventNormaliser normaliser = new EventNormaliser(OcsfCatalog.load());
        EventJson json = new EventJson();
        long events = 0;
        long bytes = 0;
        long start = System.nanoTime();
        for (BenchObject object : objects) {
            ObjectContext context = new ObjectContext("bench", "bench", object.key(), LakeKey.parse(object.key()),
                    Instant.now());
            try (EventChunks chunks = reader.open(object.file(), chunkSize)) {
                while (chunks.hasNext() && events < limit) {
                    for (Map<String, Object> event : chunks.next()) {
                        NormalisedEvent normalised = normaliser.normalise(event, context);
                        bytes += json.toJson(normalised.event()).length;
                        events++;
                    }
                }
            }
            if (events >= limit) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", 1);
        out.put("events", events);
        out.put("seconds", Bench.round(seconds));
        out.put("events_per_s", Math.round(events / seconds));
        out.put("avg_event_json_bytes", events == 0 ? 0 : bytes / events);
        return out;
    }
}
