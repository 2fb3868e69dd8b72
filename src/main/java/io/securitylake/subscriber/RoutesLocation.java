package io.securitylake.subscriber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tells Camel where the YAML routes are, unless {@code camel.main.routes-include-pattern} is set: the folder
 * {@code lake.routes-dir} (read through {@link LakeSettings}, the one home of the setting); else
 * {@code ./routes} when run from the checkout (so edits there take effect); else the copy packaged in the jar, so
 * {@code java -jar} works from any directory. {@link RouteReloading} watches the same folder.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PATTERN)) {
            return;
        }
        LakeSettings lake = Binder.get(env).bindOrCreate(SettingsFactory.prefix(LakeSettings.class), LakeSettings.class);
        Path folder = folder(lake);
        String pattern = folder == null ? "classpath:routes/*.camel.yaml" : "file:" + folder + "/*.camel.yaml";
        env.getPropertySources().addLast(new MapPropertySource("lakeRoutes", Map.of(PATTERN, pattern)));
    }

    /** The routes folder: the configured one, else {@code ./routes} if present; null: the jar's copy. */
    static Path folder(LakeSettings lake) {
        if (lake.routesDir() != null) {
            return lake.routesDir().toAbsolutePath().normalize();
        }
        return Files.isDirectory(Path.of("routes")) ? Path.of("routes").toAbsolutePath().normalize() : null;
    }
}
