package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.parquet.SpooledFile;
import io.securitylake.subscriber.parquet.UnreadableObjectException;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The spooled copy of an object is readable by this process only, and only as it was written. */
class SpoolEncryptionTest {

    @TempDir
    Path tmp;

    @Test
    void spooledObjectReadsBackWholeButHoldsNoPlainParquetOnDisk() throws Exception {
        Path object = demoObject(1_500);
        ObjectSpool spool = spoolIn(tmp.resolve("spool"));
        ObjectInFlight inFlight = InFlight.toRead();

        SpooledFile spooled = spool.spool(inFlight, Files.newInputStream(object)).spooled();

        Path onDisk = inFlight.spoolFile();
        byte[] stored = Files.readAllBytes(onDisk);
        assertThat(new String(stored, 0, 4, StandardCharsets.ISO_8859_1)).isNotEqualTo("PAR1");
        assertThat(contains(stored, LakeTestStack.ACME_ACCOUNT.getBytes(StandardCharsets.US_ASCII)))
                .as("an account id of the events, in clear on disk").isFalse();
        assertThat(countEvents(spooled)).isEqualTo(countEvents(SpooledFile.plain(object))).isEqualTo(1_500);
    }

    @Test
    void fileLeftByAnotherProcessCannotBeRead() throws Exception {
        Path dir = tmp.resolve("spool");
        ObjectInFlight inFlight = InFlight.toRead();
        Path object200 = demoObject(200);
        spoolIn(dir).spool(inFlight, Files.newInputStream(object200)).spooled();
        Path leftover = inFlight.spoolFile();

        SpooledFile withAnotherKey = new SpoolEncryption().decrypting(leftover, Files.size(object200));

        assertThatThrownBy(() -> countEvents(withAnotherKey)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aByteChangedOnDiskFailsTheRead() throws Exception {
        ObjectInFlight inFlight = InFlight.toRead();
        SpooledFile spooled = spoolIn(tmp.resolve("spool")).spool(inFlight, Files.newInputStream(demoObject(800))).spooled();
        Path onDisk = inFlight.spoolFile();
        try (RandomAccessFile file = new RandomAccessFile(onDisk.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }

        assertThatThrownBy(() -> countEvents(spooled)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void anEmptyOrForeignObjectIsUnreadableNotAnErrorOfTheSpool() throws Exception {
        ObjectSpool spool = spoolIn(tmp.resolve("spool"));
        SpooledFile empty = spool.spool(InFlight.toRead(), new java.io.ByteArrayInputStream(new byte[0])).spooled();
        SpooledFile text = spool.spool(InFlight.toRead(), new java.io.ByteArrayInputStream("not parquet".getBytes())).spooled();

        assertThatThrownBy(() -> countEvents(empty)).isInstanceOf(UnreadableObjectException.class)
                .hasMessageContaining("empty object");
        assertThatThrownBy(() -> countEvents(text)).isInstanceOf(UnreadableObjectException.class)
                .hasMessageContaining("bad magic");
    }

    private Path demoObject(int events) {
        Path file = tmp.resolve("object-" + events + ".parquet");
        DemoLake.write(file, DemoSource.CLOUD_TRAIL_MGMT, LakeTestStack.ACME_ACCOUNT, "us-east-1", events, 3);
        return file;
    }

    private static ObjectSpool spoolIn(Path dir) throws Exception {
        MockEnvironment env = new MockEnvironment().withProperty("lake.ingest.spool-dir", dir.toString());
        return new ObjectSpool(SettingsFactory.bind(IngestSettings.class, env));
    }


    private static long countEvents(SpooledFile file) throws Exception {
        long n = 0;
        try (EventChunks chunks = new ParquetEventReader().open(file, 500)) {
            while (chunks.hasNext()) {
                List<Map<String, Object>> chunk = chunks.next();
                n += chunk.size();
            }
        }
        return n;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
