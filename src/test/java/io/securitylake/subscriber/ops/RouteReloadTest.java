package io.securitylake.subscriber.ops;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With lake.routes-reload on, an edit of a file in the routes folder replaces that route while the service runs. */
@SpringBootTest
class RouteReloadTest {

    private static Path routes;

    @DynamicPropertySource
    static void routesInAFolderOfItsOwn(DynamicPropertyRegistry registry) throws IOException {
        routes = Files.createTempDirectory("lake-routes");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path file : files) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        LakeTestStack.register(registry, "ops-reload");
        registry.add("lake.routes-dir", routes::toString);
        registry.add("lake.routes-reload", () -> "true");
    }

    @Autowired
    CamelContext camel;

    @Test
    void editedRouteFileTakesEffectWithoutRestart() throws IOException {
        Route before = camel.getRoute("store-chunk");
        List<String> idsBefore = camel.getRoutes().stream().map(Route::getRouteId).toList();
        assertThat(before).isNotNull();
        String marker = "edited " + System.nanoTime();

        Path file = routes.resolve("store-chunk.camel.yaml");
        String yaml = Files.readString(file);
        Files.writeString(file, yaml.replaceFirst("    id: store-chunk\n",
                "    id: store-chunk\n    description: \"" + marker + "\"\n"));

        // the reloaded route is in the context a moment before it is started: wait for both
        await(Duration.ofSeconds(60), "store-chunk is reloaded and started", () -> {
            Route now = camel.getRoute("store-chunk");
            return now != null && now != before && marker.equals(now.getDescription())
                    && camel.getRouteController().getRouteStatus("store-chunk").isStarted();
        });
        assertThat(camel.getRoute("lake-notifications")).as("other routes stay").isNotNull();
        assertThat(camel.getRoutes()).as("no route lost or doubled by the reload")
                .extracting(Route::getRouteId).containsExactlyInAnyOrderElementsOf(idsBefore);
        assertThat(yaml).contains("    id: store-chunk\n");
    }

    @Test
    void aRouteFileThatFailsToLoadLeavesTheRunningRouteAsItWasUntilTheNextSave() throws IOException {
        Path file = routes.resolve("ingest-object.camel.yaml");
        String yaml = Files.readString(file);
        Route before = camel.getRoute("ingest-object");
        ch.qos.logback.classic.Logger camelLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.camel");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        camelLog.addAppender(log);
        try {
            Files.writeString(file, yaml.substring(0, yaml.length() / 2) + "\n  - broken: [\n");
            await(Duration.ofSeconds(60), "the failed reload is logged", () -> List.copyOf(log.list).stream()
                    .anyMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                            && (e.getFormattedMessage() + e.getThrowableProxy()).contains("ingest-object.camel.yaml")));
        } finally {
            camelLog.detachAppender(log);
        }
        assertThat(camel.getRoute("ingest-object")).as("the old route stays").isSameAs(before);
        assertThat(camel.getRouteController().getRouteStatus("ingest-object").isStarted()).isTrue();

        String marker = "fixed " + System.nanoTime();
        Files.writeString(file, yaml.replaceFirst("    id: ingest-object\n",
                "    id: ingest-object\n    description: \"" + marker + "\"\n"));
        await(Duration.ofSeconds(60), "the next save is loaded", () -> {
            Route now = camel.getRoute("ingest-object");
            return now != null && marker.equals(now.getDescription())
                    && camel.getRouteController().getRouteStatus("ingest-object").isStarted();
        });
    }
}
