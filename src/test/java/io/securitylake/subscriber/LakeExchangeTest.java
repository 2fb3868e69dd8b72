package io.securitylake.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exchange properties and headers of our own, as the routes (routes/*.camel.yaml) and the main Java set and read
 * them: each is declared in {@link LakeExchange}, each declared one is set somewhere, and each one set is read
 * somewhere. A name is read when a route's expression names it ({@code exchangeProperty.X}, {@code header.X}) or Java
 * gets it ({@code getProperty}, {@code getHeader}, {@code @ExchangeProperty}, {@code @Header}). Comments do not count.
 */
class LakeExchangeTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern ROUTE_SET = Pattern.compile(
            "-\\s*(?:setProperty|setHeader):\\s*\\n\\s*name:\\s*\"?(Lake\\w+)");
    private static final Pattern ROUTE_READ = Pattern.compile(
            "(?:exchangeProperty|header|headers)\\.(Lake\\w+)|(?:exchangeProperty|header):\\s*\"?(Lake\\w+)");
    private static final Pattern JAVA_SET = Pattern.compile(
            "\\.(?:setProperty|setHeader)\\(\\s*LakeExchange\\.(\\w+)");
    private static final Pattern JAVA_READ = Pattern.compile(
            "(?:\\.getProperty|\\.getHeader|@ExchangeProperty|@Header)\\(\\s*LakeExchange\\.(\\w+)");

    @Test
    void everyPropertyOrHeaderSetIsReadSomewhere() {
        Usage usage = usage();
        assertThat(new TreeSet<>(usage.set().keySet())).as("set (where) but read nowhere")
                .allSatisfy(name -> assertThat(usage.read()).as(name + " set in " + usage.set().get(name)
                        + " is read nowhere").contains(name));
    }

    @Test
    void everyDeclaredNameIsSetSomewhere() {
        Usage usage = usage();
        assertThat(declared().values()).as("declared in LakeExchange but set nowhere")
                .allSatisfy(name -> assertThat(usage.set()).as(name).containsKey(name));
    }

    @Test
    void everyNameSetOrReadIsDeclaredInLakeExchange() {
        Usage usage = usage();
        Set<String> used = new TreeSet<>(usage.set().keySet());
        used.addAll(usage.read());
        assertThat(used).as("used but not declared in LakeExchange").isSubsetOf(declared().values());
    }

    @Test
    void theScanRecognisesEachWayOfSettingAndReading() {
        // the scan's own check: each form it looks for is recognised, and it reads the routes and the Java, so that a
        // change of form cannot make the tests above vacuous
        assertThat(find(ROUTE_SET, "- setProperty:\n    name: LakeOne\n")).containsExactly("LakeOne");
        assertThat(find(ROUTE_SET, "- setHeader:\n    name: \"LakeTwo\"\n")).containsExactly("LakeTwo");
        assertThat(find(ROUTE_READ, "simple: \"${exchangeProperty.LakeOne} == true\"")).containsExactly("LakeOne");
        assertThat(find(ROUTE_READ, "simple: \"${header.LakeTwo}\"")).containsExactly("LakeTwo");
        assertThat(find(JAVA_SET, "exchange.setProperty(LakeExchange.ONE, value)")).containsExactly("ONE");
        assertThat(find(JAVA_SET, "exchange.getMessage().setHeader(LakeExchange.TWO, n)")).containsExactly("TWO");
        assertThat(find(JAVA_READ, "exchange.getProperty(LakeExchange.ONE, T.class)")).containsExactly("ONE");
        assertThat(find(JAVA_READ, "f(@ExchangeProperty(LakeExchange.TWO) T two)")).containsExactly("TWO");
        assertThat(files(ROUTES, ".camel.yaml")).as("route files scanned").hasSizeGreaterThan(10);
        assertThat(files(MAIN, ".java")).as("Java files scanned").hasSizeGreaterThan(100);
    }

    private record Usage(Map<String, Set<String>> set, Set<String> read) {
    }

    private static Usage usage() {
        Map<String, String> constants = declared();
        Map<String, Set<String>> set = new TreeMap<>();
        Set<String> read = new TreeSet<>();
        for (Path file : files(ROUTES, ".camel.yaml")) {
            String text = withoutYamlComments(read(file));
            find(ROUTE_SET, text).forEach(name -> set.computeIfAbsent(name, n -> new TreeSet<>()).add(file.toString()));
            read.addAll(find(ROUTE_READ, text));
        }
        for (Path file : files(MAIN, ".java")) {
            if (file.endsWith("LakeExchange.java")) {
                continue;
            }
            String text = read(file);
            for (String constant : find(JAVA_SET, text)) {
                set.computeIfAbsent(valueOf(constants, constant, file), n -> new TreeSet<>()).add(file.toString());
            }
            for (String constant : find(JAVA_READ, text)) {
                read.add(valueOf(constants, constant, file));
            }
            read.addAll(find(ROUTE_READ, text)); // a simple expression written in Java
        }
        return new Usage(set, read);
    }

    /** LakeExchange's constants: field name to the property's or header's name. */
    private static Map<String, String> declared() {
        Map<String, String> names = new TreeMap<>();
        for (Field field : LakeExchange.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static String valueOf(Map<String, String> constants, String constant, Path file) {
        String value = constants.get(constant);
        assertThat(value).as("LakeExchange." + constant + " used in " + file).isNotNull();
        return value;
    }

    private static Set<String> find(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    found.add(m.group(g));
                }
            }
        }
        return found;
    }

    private static String withoutYamlComments(String yaml) {
        return yaml.lines().map(line -> line.strip().startsWith("#") ? "" : line.replaceAll("\\s+#\\s.*$", ""))
                .collect(Collectors.joining("\n"));
    }

    private static Set<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
