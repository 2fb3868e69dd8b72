package io.securitylake.subscriber.stack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared fixtures (system property {@code lake.fixtures}, by default {@code ../shared/fixtures}): real
 * Security Lake files and the OCSF facts beside them. A test that needs them is skipped, with the reason, where
 * they are absent (a fresh clone); with {@code -Dlake.fixtures.required=true}, as in CI, it fails instead.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A folder of the fixtures, e.g. {@code sqs} or {@code parquet}. */
    public static Path folder(String name) {
        String root = System.getProperty("lake.fixtures", System.getenv("LAKE_FIXTURES"));
        Path dir = root == null || root.isBlank() ? null : Path.of(root, name);
        present(dir != null && Files.isDirectory(dir), dir == null
                ? "system property lake.fixtures is not set" : "no fixtures at " + dir.toAbsolutePath());
        return dir;
    }

    /** The OCSF facts ({@code ocsf/classes.json} beside the fixtures folder). */
    public static Path ocsfClasses() {
        String root = System.getProperty("lake.fixtures", System.getenv("LAKE_FIXTURES"));
        Path file = root == null || root.isBlank() ? null
                : Path.of(root).toAbsolutePath().resolveSibling("ocsf").resolve("classes.json");
        present(file != null && Files.isRegularFile(file), file == null
                ? "system property lake.fixtures is not set" : "no OCSF facts at " + file);
        return file;
    }

    private static void present(boolean present, String why) {
        if (!present && Boolean.getBoolean("lake.fixtures.required")) {
            throw new AssertionError(why + ", and lake.fixtures.required is set");
        }
        assumeTrue(present, why);
    }
}
