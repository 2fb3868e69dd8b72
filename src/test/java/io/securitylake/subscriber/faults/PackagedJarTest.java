package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.ingest.WritersMatrix;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The jar as it ships ({@code java -jar}, with none of the tests' libraries on its class path) stores every demo
 * source in every codec the demo writes and every writer's layout of the real fixtures, and raises their
 * detections: what the dependency exclusions of the pom must never break. The faults profile packages the jar
 * before its tests run (./mvnw -Pfaults test, as .ci/run does).
 */
class PackagedJarTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("packaged-jar", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final int EVENTS = 300;
    private static final List<CompressionCodecName> CODECS = List.of(CompressionCodecName.ZSTD,
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED);

    private final LakeProbe probe = new LakeProbe();
    private ServiceProcess service;
    @TempDir
    Path tmp;

    @Test
    void thePackagedJarStoresEveryDemoSourceEveryCodecAndEveryWritersLayout() throws IOException {
        service = ServiceProcess.packagedJar("packaged-jar", packagedJar(), STACK.settings(), ServiceProcess.QUICK_START);
        await(WAIT, "the packaged jar is ready", service::ready);

        Map<String, String> demo = new LinkedHashMap<>();
        for (DemoSource source : DemoSource.values()) {
            for (CompressionCodecName codec : CODECS) {
                demo.put(source + " " + codec, probe.upload(tmp, source, ACME_ACCOUNT, EVENTS,
                        DemoLake.Options.defaults().withCodec(codec)));
            }
        }
        WritersMatrix matrix = new WritersMatrix(tmp);
        Map<String, List<String>> writers = matrix.upload();
        demo.values().forEach(key -> probe.announce(STACK.queueUrl, key));
        writers.values().forEach(keys -> keys.forEach(key -> probe.announce(STACK.queueUrl, key)));

        List<String> all = new ArrayList<>(demo.values());
        writers.values().forEach(all::addAll);
        all.forEach(key -> await(WAIT, key + " is done", () -> "done".equals(probe.status(key))));
        demo.forEach((what, key) -> assertThat(probe.rows("acme", List.of(key))).as("events of %s", what)
                .isEqualTo(EVENTS));
        JdbcTemplate store = new JdbcTemplate(LakeTestStack.lake().postgres().getDatabase("postgres", "postgres"));
        writers.forEach((writer, keys) -> {
            assertThat(probe.rows("acme", keys)).as("events of %s", writer).isEqualTo(matrix.eventsPerWriter());
            assertThat(WritersMatrix.detections(store, "tenant_acme", keys)).as("detections of %s", writer)
                    .isEqualTo(WritersMatrix.EXPECTED_RULES);
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    /** The repackaged jar in target/ (not the plain one Spring Boot keeps beside it as *.jar.original). */
    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("security-lake-subscriber-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError(
                            "no packaged jar in target/: run the faults profile (./mvnw -Pfaults test), which packages it"));
        }
    }
}
