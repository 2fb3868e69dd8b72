package io.securitylake.subscriber.parquet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open handles to a file (Linux {@code /proc/self/fd}); skips the test elsewhere. */
final class OpenFiles {

    private OpenFiles() {
    }

    static long handlesTo(Path file) {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path target = file.toAbsolutePath().normalize();
        try (Stream<Path> links = Files.list(fds)) {
            return links.filter(link -> target.equals(readLink(link))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path readLink(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            return null; // the descriptor closed while listing
        }
    }
}
