package io.securitylake.subscriber.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap figures from a child JVM's {@code -Xlog:gc} file: "Pause Young ... 150M->40M(256M)". */
record HeapLog(Path file) {

    private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** Heap use of the pauses from line {@code from} (inclusive) to {@code to} (exclusive). */
    record Peak(int pauses, long maxBeforeMb, long maxAfterMb) {
    }

    int lines() {
        return read().size();
    }

    Peak peak(int from, int to) {
        List<String> lines = read().subList(from, to);
        long before = 0;
        long after = 0;
        int pauses = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (line.contains("Pause") && m.find()) {
                pauses++;
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return new Peak(pauses, before, after);
    }

    private List<String> read() {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
