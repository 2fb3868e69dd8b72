package io.securitylake.subscriber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The service's rules folder during the benchmark: the starter pack or nothing, switched while the service runs (it
 * reads the folder again within its reload interval); each switch waits for the service's log to say so.
 */
final class Rules {

    private static final String RELOADED = "Sigma rules reloaded from";

    private Rules() {
    }

    /** The checkout's {@code rules/} copied into {@code folder}; waits for the reload when {@code log} is given. */
    static Path starterPack(Path folder, Path log) throws Exception {
        long before = reloads(log);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        awaitReload(log, before);
        return folder;
    }

    /** An empty {@code folder}: no Sigma rule in force (lake findings are still detections). */
    static void none(Path folder, Path log) throws Exception {
        long before = reloads(log);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        awaitReload(log, before);
    }

    private static void awaitReload(Path log, long before) throws Exception {
        if (log == null) {
            return;
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (reloads(log) == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service did not reload its rules; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static long reloads(Path log) throws IOException {
        if (log == null || !Files.exists(log)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(log);
        return lines.stream().filter(l -> l.contains(RELOADED)).count();
    }
}
