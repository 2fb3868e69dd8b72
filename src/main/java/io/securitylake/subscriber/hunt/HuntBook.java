package io.securitylake.subscriber.hunt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The saved hunts, from {@code lake.hunts.dir}, else {@code ./hunts} when run from the checkout, else the ones
 * packaged in the jar ({@code hunts/*.yaml}), read once at start. A file that is not a valid hunt stops the start
 * with its reason: a hunt is SQL the service runs, so it is checked as code is (every named parameter declared
 * and typed, no positional one).
 */
@Component("huntBook")
public class HuntBook {

    private static final Logger LOG = LoggerFactory.getLogger(HuntBook.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Bound by the engine from the run's range, in every hunt. */
    static final Set<String> RANGE = Set.of("from", "to");

    private final Map<String, Hunt> hunts;

    @Autowired
    public HuntBook(HuntSettings settings) {
        Path folder = folder(settings.dir());
        this.hunts = folder == null ? fromJar() : fromFolder(folder);
        LOG.info("{} saved hunts from {}", hunts.size(), folder == null ? "the jar" : folder);
    }

    HuntBook(List<String[]> files) {
        this.hunts = build(files);
    }

    public List<Hunt> all() {
        return List.copyOf(hunts.values());
    }

    public Optional<Hunt> byId(String id) {
        return Optional.ofNullable(hunts.get(id));
    }

    static Path folder(Path configured) {
        if (configured != null) {
            return configured.toAbsolutePath().normalize();
        }
        return Files.isDirectory(Path.of("hunts")) ? Path.of("hunts").toAbsolutePath().normalize() : null;
    }

    private static Map<String, Hunt> fromJar() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:hunts/*.yaml");
            List<String[]> files = new ArrayList<>();
            for (Resource r : Stream.of(resources).sorted(Comparator.comparing(Resource::getFilename)).toList()) {
                try (InputStream in = r.getInputStream()) {
                    files.add(new String[] {r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)});
                }
            }
            return build(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hunts in the jar", e);
        }
    }

    private static Map<String, Hunt> fromFolder(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            List<String[]> files = new ArrayList<>();
            for (Path p : paths.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList()) {
                files.add(new String[] {p.getFileName().toString(), Files.readString(p)});
            }
            return build(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hunts in " + folder, e);
        }
    }

    static Map<String, Hunt> build(List<String[]> files) {
        Map<String, Hunt> out = new LinkedHashMap<>();
        for (String[] file : files) {
            Hunt hunt;
            try {
                hunt = parse(file[0], file[1]);
            } catch (RuntimeException e) {
                throw new IllegalStateException("hunt file " + file[0] + " is not a valid hunt: " + e.getMessage(), e);
            }
            if (out.putIfAbsent(hunt.id(), hunt) != null) {
                throw new IllegalStateException("hunt id " + hunt.id() + " is in two files, the second is " + file[0]);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Hunt parse(String file, String text) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(doc instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a YAML mapping");
        }
        Map<String, Object> map = (Map<String, Object>) m;
        String id = string(map, "id", true);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID.pattern());
        }
        List<HuntParam> params = new ArrayList<>();
        Set<String> declared = new HashSet<>(RANGE);
        for (Object p : (List<Object>) map.getOrDefault("params", List.of())) {
            Map<String, Object> pm = (Map<String, Object>) p;
            String name = string(pm, "name", true);
            String type = string(pm, "type", true);
            if (!HuntParam.NAME.matcher(name).matches() || !declared.add(name)) {
                throw new IllegalArgumentException("parameter name " + name + " is not valid or given twice");
            }
            if (!HuntParam.TYPES.contains(type)) {
                throw new IllegalArgumentException("parameter " + name + " has type " + type + "; types: " + HuntParam.TYPES);
            }
            HuntParam param = new HuntParam(name, type, pm.get("default"), string(pm, "description", false));
            param.value(null); // a default of the wrong type fails here, not at the first run
            params.add(param);
        }
        String query = string(map, "query", true);
        checkNames(NamedSql.parse(query), declared, "query");
        Hunt.LakeQuery lake = null;
        if (map.get("lake") instanceof Map<?, ?> lm) {
            lake = new Hunt.LakeQuery(string(lm, "source", true), string(lm, "query", true));
            if (!lake.query().contains("{table}")) {
                throw new IllegalArgumentException("lake.query must read {table}, where the tenant's partitions go");
            }
            checkNames(NamedSql.parse(lake.query()), declared, "lake.query");
        }
        List<String> attack = ((List<Object>) map.getOrDefault("attack", List.of())).stream().map(String::valueOf).toList();
        return new Hunt(id, string(map, "title", true), string(map, "description", true), attack, List.copyOf(params),
                query, lake, file);
    }

    private static void checkNames(NamedSql sql, Set<String> declared, String where) {
        for (String name : sql.names()) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException(where + " uses :" + name + ", which is not a declared parameter");
            }
        }
        if (!sql.names().containsAll(RANGE)) {
            throw new IllegalArgumentException(where + " must bound the time with :from and :to");
        }
    }

    private static String string(Map<?, ?> map, String key, boolean required) {
        Object v = map.get(key);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(key + " is required");
            }
            return null;
        }
        return v.toString().strip();
    }
}
