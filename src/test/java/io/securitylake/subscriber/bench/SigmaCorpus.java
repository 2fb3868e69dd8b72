package io.securitylake.subscriber.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SigmaHQ's process-creation rules for Windows, Linux and macOS, read where the shared fixtures keep them (system
 * property {@code lake.fixtures}, else {@code ../shared/fixtures}; Detection Rule License: never copied into the
 * project or the benchmark's folders). Absent (a fresh clone): the phase is skipped and the report says so; with
 * {@code -Dlake.fixtures.required=true} the run fails instead.
 */
final class SigmaCorpus {

    private SigmaCorpus() {
    }

    static Path root() {
        String root = System.getProperty("lake.fixtures", System.getenv("LAKE_FIXTURES"));
        return Path.of(root == null || root.isBlank() ? "../shared/fixtures" : root, "sigma", "rules");
    }

    /** The folders, comma-separated as {@code lake.rules.dir} takes them; null when absent. */
    static String folders() {
        List<Path> folders = List.of("windows", "linux", "macos").stream()
                .map(os -> root().resolve(os).resolve("process_creation").toAbsolutePath().normalize()).toList();
        if (!folders.stream().allMatch(Files::isDirectory)) {
            if (Boolean.getBoolean("lake.fixtures.required")) {
                throw new IllegalStateException("no SigmaHQ process-creation rules under " + root().toAbsolutePath()
                        + ", and lake.fixtures.required is set");
            }
            return null;
        }
        return folders.stream().map(Path::toString).collect(Collectors.joining(","));
    }
}
