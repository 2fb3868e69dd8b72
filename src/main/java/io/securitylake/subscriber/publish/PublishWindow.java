package io.securitylake.subscriber.publish;

import java.nio.file.Path;
import java.time.Instant;

/** One window of one published source: [start, end), its object, and (once written) its local file. */
public record PublishWindow(PublishTarget target, Instant start, Instant end, Path file, int records, int skipped) {

    PublishWindow(PublishTarget target, Instant start) {
        this(target, start, start.plus(target.window()), null, 0, 0);
    }

    PublishWindow written(Path file, int records, int skipped) {
        return new PublishWindow(target, start, end, file, records, skipped);
    }

    String key() {
        return target.key(start);
    }

    @Override
    public String toString() {
        return target.tenant() + "/" + target.source() + " [" + start + ", " + end + ")";
    }
}
