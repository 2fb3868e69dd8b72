package io.securitylake.subscriber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses where the YAML routes are loaded from, unless {@code camel.main.routes-include-pattern} is set:
 * the folder named by {@code lake.routes-dir}; else {@code ./routes} when run from the checkout (so edits
 * there take effect); else the copy packaged in the jar, so {@code java -jar} works from any directory.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PATTERN)) {
            return;
        }
        String dir = env.getProperty("lake.routes-dir");
        String pattern;
        if (dir != null && !dir.isBlank()) {
            pattern = "file:" + Path.of(dir).toAbsolutePath().normalize() + "/*.camel.yaml";
        } else if (Files.isDirectory(Path.of("routes"))) {
            pattern = "file:" + Path.of("routes").toAbsolutePath().normalize() + "/*.camel.yaml";
        } else {
            pattern = "classpath:routes/*.camel.yaml";
        }
        env.getPropertySources().addLast(new MapPropertySource("lakeRoutes", Map.of(PATTERN, pattern)));
    }
}
