package io.securitylake.subscriber.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/podman-base-image.sh names no mirror: it takes the one the machine's apt uses for the suite
 * (deb822 {@code URIs:} first, then one-line {@code deb} entries), DEBIAN_MIRROR overriding, and refuses
 * clearly when there is none. Runs the script's {@code --print-mirror} against apt directories made here.
 */
class PodmanBaseImageMirrorTest {

    private static final Path SCRIPT = Path.of("docker", "podman-base-image.sh");

    @TempDir
    Path apt;

    @Test
    void takesTheUrisOfTheEnabledDebStanzaThatServesTheSuite() throws Exception {
        write("sources.list.d/a.sources", """
                Types: deb
                URIs: http://security.mirror.example/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb-src
                URIs: http://src.mirror.example/debian
                Suites: bookworm
                Components: main

                Types: deb
                URIs: http://off.mirror.example/debian
                Suites: bookworm
                Components: main
                Enabled: no

                # the one apt uses
                Types: deb
                URIs: http://deb.mirror.example/debian http://second.mirror.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                """);

        assertThat(run(Map.of())).isEqualTo(new Result(0, "http://deb.mirror.example/debian"));
    }

    @Test
    void readsOneLineDebEntriesWithOptionsWhenNoDeb822SourceServesTheSuite() throws Exception {
        write("sources.list.d/other.sources", """
                Types: deb
                URIs: http://other.mirror.example/debian
                Suites: trixie
                """);
        write("sources.list", """
                # deb http://commented.mirror.example/debian bookworm main
                deb-src http://src.mirror.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] https://one.mirror.example/debian bookworm main contrib
                """);

        assertThat(run(Map.of())).isEqualTo(new Result(0, "https://one.mirror.example/debian"));
    }

    @Test
    void environmentVariableOverridesTheAptSources() throws Exception {
        write("sources.list", "deb http://one.mirror.example/debian bookworm main\n");

        assertThat(run(Map.of("DEBIAN_MIRROR", "http://override.mirror.example/debian")))
                .isEqualTo(new Result(0, "http://override.mirror.example/debian"));
    }

    @Test
    void failsNamingWhereItLookedWhenNoSourceServesTheSuite() throws Exception {
        write("sources.list", "deb http://old.mirror.example/debian bullseye main\n");

        Result result = run(Map.of());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output()).contains("no Debian mirror for 'bookworm'", apt + "/sources.list", "DEBIAN_MIRROR");
    }

    private void write(String name, String text) throws IOException {
        Path file = apt.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Result run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--print-mirror").redirectErrorStream(true);
        builder.environment().remove("DEBIAN_MIRROR");
        builder.environment().put("APT_ETC", apt.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private record Result(int status, String output) {
    }
}
