package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.KeptBodyEnrich;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams an S3 object body to a temporary file, so that an object of any size is read from disk
 * record by record and never held in heap. The file is kept encrypted ({@link SpoolEncryption}) and deleted when
 * the object is finished, whatever happened.
 */
@Component("objectSpool")
public class ObjectSpool implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectSpool.class);

    private final Path dir;
    private final SpoolEncryption encryption = new SpoolEncryption();

    public ObjectSpool(IngestSettings ingest) throws IOException {
        this.dir = ingest.spoolDir() != null
                ? ingest.spoolDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "lake-spool");
        Files.createDirectories(dir);
        removeLeftovers();
    }

    /**
     * Deletes the files a killed process left behind (kill -9 runs no finally block). Only files older than an
     * hour: a file is written once, then opened within seconds, so another live process never loses one it needs.
     */
    private void removeLeftovers() throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "object-*.parquet")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    LOG.info("deleted {}, left in the spool folder by a process that was killed", file);
                }
            }
        }
    }

    /**
     * Route {@code ingest-object}'s enrich: the S3 object's body (the body of the S3 call's exchange) is spooled into
     * the object in flight (the body of the route's exchange), which stays the body. The S3 call's failure, or a
     * failure to spool, fails the route's exchange as the step itself would (the route's {@code aggregateOnException}:
     * the object in flight stays the body, and the failure is not wrapped as an error of the aggregation).
     */
    @Override
    public Exchange aggregate(Exchange route, Exchange s3) {
        return KeptBodyEnrich.aggregate(route, s3, ObjectInFlight.class, InputStream.class, this::spool);
    }

    /**
     * Enriches the object in flight with its S3 body: copies the body,
     * encrypted, to a new temporary file, and gives the object on holding that file as the reader opens it. The file
     * is named in the object before it is written, so that {@link #release} removes a half-written one too.
     */
    public ObjectInFlight spool(ObjectInFlight object, InputStream body) {
        try (InputStream in = body) {
            Path file = Files.createTempFile(dir, "object-", ".parquet");
            object.spoolFile(file);
            long bytes;
            try (OutputStream out = encryption.encrypting(file)) {
                bytes = in.transferTo(out);
            }
            object.progress().bytes(bytes);
            object.spooled(encryption.decrypting(file, bytes));
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the object to " + dir, e);
        }
    }

    /** Deletes the object's spooled file, if any (the route's finally step). */
    public void release(ObjectInFlight object) throws IOException {
        Path file = object.spoolFile();
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
