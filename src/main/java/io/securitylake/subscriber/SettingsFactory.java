package io.securitylake.subscriber;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Builds a settings record as Spring binds it at start, from settings named as users write them: the defaults are the
 * record's own {@code @DefaultValue}s and its checks run. For tests, which thus never build settings by position.
 */
public final class SettingsFactory {

    private SettingsFactory() {
    }

    /**
     * The record bound under its {@code @ConfigurationProperties} prefix from {@code nameValues}: names after the prefix
     * (e.g. {@code "chunk-size", 10} for {@code lake.ingest.chunk-size}), each followed by its value (as its
     * {@code toString()} reads; null: left unset).
     */
    public static <T> T bind(Class<T> type, Object... nameValues) {
        return bindAt(prefix(type), type, nameValues);
    }

    /** A part of a settings record (e.g. one intel feed) bound under {@code prefix} from {@code nameValues}. */
    public static <T> T bindAt(String prefix, Class<T> type, Object... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in pairs of name and value");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                properties.put(prefix + "." + nameValues[i], String.valueOf(nameValues[i + 1]));
            }
        }
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    /** The record as Spring binds it from {@code env} at start (its prefix's settings there, else the defaults). */
    public static <T> T bind(Class<T> type, Environment env) {
        return Binder.get(env).bindOrCreate(prefix(type), type);
    }

    /** The prefix a settings record is bound under. */
    public static String prefix(Class<?> type) {
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not a @ConfigurationProperties record");
        }
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }
}
