package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool: a body goes to a file of its own and is counted; at start, only a killed process's old files go. */
class ObjectSpoolTest {

    @TempDir
    Path dir;

    @Test
    void atStartSpooledFilesOlderThanAnHourAreDeletedAndEverythingElseStays() throws IOException {
        Path leftover = file("object-1.parquet", Duration.ofMinutes(61));
        Path recent = file("object-2.parquet", Duration.ofMinutes(59));
        Path foreign = file("notes.txt", Duration.ofDays(2));

        new ObjectSpool(spoolIn(dir));

        assertThat(leftover).doesNotExist();
        assertThat(recent).as("another live process may still read it").exists();
        assertThat(foreign).as("not a spooled object").exists();
    }

    @Test
    void theSpoolFolderIsCreatedWhenMissing() throws IOException {
        Path missing = dir.resolve("a/b");
        new ObjectSpool(spoolIn(missing));
        assertThat(missing).isDirectory();
    }

    @Test
    void aBodyIsCopiedToAFileOfItsOwnCountedAndReleased() throws IOException {
        ObjectSpool spool = new ObjectSpool(spoolIn(dir));
        ObjectInFlight inFlight = InFlight.toRead();
        IngestProgress progress = inFlight.progress();

        io.securitylake.subscriber.parquet.SpooledFile spooled =
                spool.spool(inFlight, new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5})).spooled();
        Path file = inFlight.spoolFile();

        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).startsWith("object-").endsWith(".parquet");
        try (var channel = spooled.open()) {
            java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(16);
            channel.read(plain);
            assertThat(java.util.Arrays.copyOf(plain.array(), plain.position())).as("read back through the spool's key")
                    .containsExactly(1, 2, 3, 4, 5);
        }
        assertThat(progress.bytesRead()).isEqualTo(5);
        assertThat(inFlight.spoolFile()).isEqualTo(file);
        spool.release(inFlight);
        assertThat(file).doesNotExist();
        spool.release(InFlight.toRead()); // nothing spooled: nothing to delete
    }

    private Path file(String name, Duration age) throws IOException {
        Path file = Files.write(dir.resolve(name), new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static IngestSettings spoolIn(Path dir) {
        return IngestSettings.of("spool-dir", dir.toString());
    }
}
