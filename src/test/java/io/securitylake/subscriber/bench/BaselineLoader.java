package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.store.EventCopy;
import io.securitylake.subscriber.store.EventJson;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The hand-written loader the service is measured against: no Camel, SQS or S3. Threads take whole files
 * from local disk; each reads a chunk with the service's Parquet reader, builds the same rows (normaliser,
 * JSON) and writes them with one COPY of the service's encoding, then the next chunk. Into a fresh schema
 * migrated like a tenant's.
 */
final class BaselineLoader {

    static final String BUCKET = "bench-baseline";

    private final String jdbcUrl;
    private final String schema;
    private final int threads;
    private final int chunkSize;
    private final ParquetEventReader reader = new ParquetEventReader();
    private final EventNormaliser normaliser = new EventNormaliser(OcsfCatalog.load());
    private final EventJson json = new EventJson();

    BaselineLoader(String jdbcUrl, String schema, int threads, int chunkSize) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.threads = threads;
        this.chunkSize = chunkSize;
    }

    /** Creates the schema with the tenant migrations, so table, indexes and compression are the service's. */
    void migrate() {
        Flyway.configure().dataSource(jdbcUrl, "postgres", "").schemas(schema)
                .locations("classpath:db/tenant").load().migrate();
    }

    /** Loads every object; returns the number of events written. */
    long load(List<BenchObject> objects) throws Exception {
        return ObjectLoad.inThreads(objects, threads, this::connect, this::loadObject);
    }

    private long loadObject(Connection connection, BenchObject object) throws Exception {
        ObjectContext context = new ObjectContext("bench", BUCKET, object.key(), LakeKey.parse(object.key()),
                Instant.now());
        long rows = 0;
        try (EventChunks chunks = reader.open(object.file(), chunkSize)) {
            while (chunks.hasNext()) {
                List<Map<String, Object>> chunk = chunks.next();
                List<EventRow> batch = new ArrayList<>(chunk.size());
                for (Map<String, Object> event : chunk) {
                    NormalisedEvent normalised = normaliser.normalise(event, context);
                    batch.add(EventRow.of(normalised, json.toJson(normalised.event())));
                }
                rows += EventCopy.copy(connection, new TenantBatch("bench", BUCKET, object.key(), batch));
            }
        }
        return rows;
    }

    private Connection connect() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "");
        props.setProperty("currentSchema", schema);
        return DriverManager.getConnection(jdbcUrl, props);
    }
}
