package io.securitylake.subscriber.faults;

import io.securitylake.subscriber.stack.LakeProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fault did to the events: how many the objects held, how many rows the stores hold, and how many of the
 * generated events those rows hold, each told by its own marker ({@link LakeProbe#events}), not by the store's
 * unique id. Lost = expected − events, duplicated = rows − events. {@link #report()} logs the line and appends
 * it to {@code target/fault-report.md}.
 */
public record Tally(String fault, String happened, long expected, long rows, long events) {

    private static final Logger LOG = LoggerFactory.getLogger(Tally.class);
    private static final Path REPORT = Path.of("target", "fault-report.md");

    /** Counts the events of the objects in the tenant's store and reports them. */
    public static Tally count(LakeProbe probe, String fault, String happened, String tenant, Collection<String> keys,
                              long expected) {
        return new Tally(fault, happened, expected, probe.rows(tenant, keys), probe.events(tenant, keys)).report();
    }

    public long lost() {
        return expected - events;
    }

    public long duplicated() {
        return rows - events;
    }

    public Tally report() {
        String line = "| %s | %s | %d | %d | %d of %d |%n".formatted(fault, happened, lost(), duplicated(), events, expected);
        LOG.info("FAULT {}", line.strip());
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
