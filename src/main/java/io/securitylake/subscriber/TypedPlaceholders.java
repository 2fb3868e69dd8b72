package io.securitylake.subscriber;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Answers the routes' {@code {{lake.x}}} placeholders from the bound settings records ({@link LakeSettings} and each
 * feature's {@code <Feature>Settings}), so a route needs no default of its own: the one default of each setting is its
 * record's. Secrets are not answered. Also names every setting, for the test that holds the configuration reference
 * to the records.
 */
@Component
class TypedPlaceholders implements PropertiesSource, CamelContextConfiguration {

    static final String PREFIX = "lake";
    /** How a map key appears in a setting's name, e.g. {@code lake.tenants.<id>.accounts}. */
    static final String KEY = "<id>";

    /** Never handed to Camel, whose properties Hawtio and JMX can show. */
    private static final Set<String> SECRETS = Set.of("apiKeys", "password", "cursorSecret", "secret");

    private final Map<String, String> values;

    /** @param settings the bound settings records; other records are left out */
    TypedPlaceholders(List<Record> settings) {
        this.values = new TreeMap<>();
        for (Record record : settings) {
            if (isSetting(record.getClass())) {
                walk(record.getClass(), record, SettingsFactory.prefix(record.getClass()), values);
            }
        }
    }

    @Override
    public String getName() {
        return "lake-properties";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!camelContext.getPropertiesComponent().getPropertiesSources().contains(this)) {
            camelContext.getPropertiesComponent().addPropertiesSource(this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: the placeholders are needed before the routes start
    }

    /** The name of every setting of every settings record, in kebab case; a map's key as {@value #KEY}. */
    static Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        for (Class<?> type : settingsRecords()) {
            walk(type, null, SettingsFactory.prefix(type), names);
        }
        return names;
    }

    /** The {@code @ConfigurationProperties} records of {@code lake.*}, found as {@code @ConfigurationPropertiesScan} does. */
    static List<Class<?>> settingsRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> types = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(TypedPlaceholders.class.getPackageName())) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(),
                    TypedPlaceholders.class.getClassLoader());
            if (isSetting(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static boolean isSetting(Class<?> type) {
        if (!type.isRecord() || type.getAnnotation(ConfigurationProperties.class) == null) {
            return false;
        }
        String prefix = SettingsFactory.prefix(type);
        return prefix.equals(PREFIX) || prefix.startsWith(PREFIX + ".");
    }

    /** Records are walked into; maps of records get a {@value #KEY} segment; anything else is a setting. */
    private static void walk(Class<?> type, Object value, String prefix, Map<String, String> out) {
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = prefix + "." + kebab(settingName(type, components, i));
            Object child = value == null ? null : read(component, value);
            Class<?> childType = component.getType();
            if (childType.isRecord()) {
                walk(childType, child, name, out);
            } else if (Map.class.isAssignableFrom(childType) && recordValues(component.getGenericType()) != null) {
                if (value == null) {
                    walk(recordValues(component.getGenericType()), null, name + "." + KEY, out);
                }
            } else if (value == null) {
                out.put(name, "");
            } else if (child != null && !SECRETS.contains(component.getName())) {
                out.put(name, render(child));
            }
        }
    }

    /** A component's setting name: its {@code @Name} on the canonical constructor (e.g. {@code for}), else its own. */
    private static String settingName(Class<?> type, RecordComponent[] components, int i) {
        try {
            Class<?>[] types = java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            org.springframework.boot.context.properties.bind.Name named = type.getDeclaredConstructor(types)
                    .getParameters()[i].getAnnotation(org.springframework.boot.context.properties.bind.Name.class);
            return named == null ? components[i].getName() : named.value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As a route's endpoint takes it: lists comma-separated, durations in milliseconds. */
    private static String render(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value instanceof Duration d ? Long.toString(d.toMillis()) : String.valueOf(value);
    }

    private static Class<?> recordValues(Type mapType) {
        if (mapType instanceof ParameterizedType p && p.getActualTypeArguments()[1] instanceof Class<?> c
                && c.isRecord()) {
            return c;
        }
        return null;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
