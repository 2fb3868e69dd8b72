package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.demo.SysmonEvents;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OCSF endpoint events as ingestion holds them (written as Parquet objects of their source, read back and normalised):
 * SigmaHQ's regression events as a Sysmon custom source writes them ({@link SysmonEvents}), the demo's CrowdStrike
 * process activity, and variants of events (every text upper-cased; another OS) for the index to be tested on.
 */
final class ProcessEvents {

    private ProcessEvents() {
    }

    /** The events of SigmaHQ's regression cases that the Sysmon source converts, as OCSF. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> regression(Path regressionData) {
        List<SysmonEvents.Sysmon> sysmon = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (SigmaRegression.Case c : SigmaRegression.cases(regressionData)) {
            for (int i = 0; i < c.events().size(); i++) {
                Map<String, Object> event = c.events().get(i);
                int id = ((Number) ((Map<String, Object>) event.get("System")).get("EventID")).intValue();
                if (SysmonEvents.CONVERTED.contains(id)) {
                    sysmon.add(new SysmonEvents.Sysmon(event, c.name() + "#" + i, t - sysmon.size()));
                }
            }
        }
        try {
            Path file = Files.createTempFile("sysmon", ".parquet");
            try {
                SysmonEvents.write(file, sysmon);
                return read(file, "ext/Sysmon/region=us-east-1/accountId=111111111111/eventDay=20240614/sysmon.parquet");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} events of a demo source (seeded: the same events each time). */
    static List<Map<String, Object>> demo(DemoSource source, int n) {
        try {
            Path file = Files.createTempFile("demo", ".parquet");
            Files.delete(file);
            try {
                DemoLake.write(file, source, "111111111111", "us-east-1", DemoLake.DEFAULT_DAY, n, 7,
                        DemoLake.Options.defaults());
                return read(file, source.key("111111111111", "us-east-1", DemoLake.DEFAULT_DAY, 7));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> read(Path file, String key) throws IOException {
        ObjectContext context = new ObjectContext("t", "b", key, LakeKey.parse(key), Instant.now());
        EventNormaliser normaliser = new EventNormaliser(OcsfCatalog.load());
        List<Map<String, Object>> out = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
            while (chunks.hasNext()) {
                for (Map<String, Object> event : chunks.next()) {
                    out.add(normaliser.normalise(event, context).event());
                }
            }
        }
        return out;
    }

    /** The event with every text value upper-cased (Sigma compares without case: the same rules must match). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> upperCased(Map<String, Object> event) {
        return (Map<String, Object>) copy(event, true);
    }

    /** The event as if from a device of another OS ({@code device.os.type_id} and name). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> onOs(Map<String, Object> event, int typeId, String name) {
        Map<String, Object> out = (Map<String, Object>) copy(event, false);
        Map<String, Object> device = out.get("device") instanceof Map<?, ?> d ? (Map<String, Object>) d : new LinkedHashMap<>();
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("type_id", typeId);
        os.put("name", name);
        device.put("os", os);
        out.put("device", device);
        return out;
    }

    private static Object copy(Object value, boolean upper) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), copy(v, upper)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v, upper)));
            return out;
        }
        return upper && value instanceof String s ? s.toUpperCase(Locale.ROOT) : value;
    }
}
