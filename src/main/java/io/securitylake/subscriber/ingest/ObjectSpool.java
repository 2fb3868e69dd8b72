package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.parquet.SpooledFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams an S3 object body to a temporary file, so that an object of any size is read from disk
 * record by record and never held in heap. The file is kept encrypted ({@link SpoolEncryption}) and deleted when
 * the object is finished, whatever happened.
 */
@Component("objectSpool")
public class ObjectSpool {

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

    /** Copies the body, encrypted, to a new temporary file, and returns the file as the reader opens it. */
    public SpooledFile spool(InputStream body, Exchange exchange) {
        try (InputStream in = body) {
            Path file = Files.createTempFile(dir, "object-", ".parquet");
            exchange.setProperty(LakeExchange.SPOOL_FILE, file);
            long bytes;
            try (OutputStream out = encryption.encrypting(file)) {
                bytes = in.transferTo(out);
            }
            IngestProgress progress = exchange.getProperty(LakeExchange.PROGRESS, IngestProgress.class);
            if (progress != null) {
                progress.bytes(bytes);
            }
            return encryption.decrypting(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the object to " + dir, e);
        }
    }

    /** Deletes the spooled file, if any. */
    public void release(@ExchangeProperty(LakeExchange.SPOOL_FILE) Path file) throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
