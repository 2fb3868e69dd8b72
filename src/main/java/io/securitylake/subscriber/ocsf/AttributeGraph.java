package io.securitylake.subscriber.ocsf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which attribute paths an event of an OCSF class can carry, by the schema (classpath
 * {@code ocsf/attribute-graph.tsv}: the classes the Sigma logsources select and the objects reachable from them, the
 * union of OCSF 1.0.0-rc.2 to 1.3.0 and 1.8.0, as {@code ocsf/catalog.tsv}; derived by
 * {@code src/build/ocsf-attribute-graph.py} from github.com/ocsf/ocsf-schema). A path may go on below a free-form attribute ({@code unmapped}, {@code api.request.data}: object_t / json_t); lists are walked
 * through, as the rules read them. Immutable, hence thread-safe.
 */
public final class AttributeGraph {

    static final String RESOURCE = "ocsf/attribute-graph.tsv";
    private static final String ANY = "*";
    private static final AttributeGraph LOADED = load();

    /** Per class uid, and per object name: attribute → the types it has in some version ("" scalar, "*" any). */
    private final Map<Integer, Map<String, Set<String>>> classes;
    private final Map<String, Map<String, Set<String>>> objects;

    private AttributeGraph(Map<Integer, Map<String, Set<String>>> classes, Map<String, Map<String, Set<String>>> objects) {
        this.classes = classes;
        this.objects = objects;
    }

    /** The project's graph. */
    public static AttributeGraph get() {
        return LOADED;
    }

    private static AttributeGraph load() {
        Map<Integer, Map<String, Set<String>>> classes = new HashMap<>();
        Map<String, Map<String, Set<String>>> objects = new HashMap<>();
        InputStream in = AttributeGraph.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + RESOURCE);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cols = line.split("\t", -1);
                if (line.startsWith("#") || cols.length != 3) {
                    continue;
                }
                Map<String, Set<String>> attributes = new HashMap<>();
                for (String attribute : cols[2].split(" ")) {
                    int colon = attribute.indexOf(':');
                    String name = colon < 0 ? attribute : attribute.substring(0, colon);
                    attributes.computeIfAbsent(name, k -> new HashSet<>()).add(colon < 0 ? "" : attribute.substring(colon + 1));
                }
                if (cols[0].equals("C")) {
                    classes.put(Integer.parseInt(cols[1]), attributes);
                } else if (cols[0].equals("O")) {
                    objects.put(cols[1], attributes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AttributeGraph(classes, objects);
    }

    /** Whether the graph knows the class (a class it does not know may carry anything). */
    public boolean knows(int classUid) {
        return classes.containsKey(classUid);
    }

    /** Whether an event of the class can carry a value at the dotted path; true for a class the graph does not know. */
    public boolean carries(int classUid, String path) {
        Map<String, Set<String>> attributes = classes.get(classUid);
        if (attributes == null) {
            return true;
        }
        String[] parts = path.split("\\.");
        List<Map<String, Set<String>>> level = List.of(attributes);
        for (int i = 0; i < parts.length; i++) {
            List<Map<String, Set<String>>> next = new ArrayList<>();
            boolean found = false;
            for (Map<String, Set<String>> at : level) {
                Set<String> types = at.get(parts[i]);
                if (types == null) {
                    continue;
                }
                found = true;
                if (types.contains(ANY)) {
                    return true;
                }
                for (String type : types) {
                    Map<String, Set<String>> object = objects.get(type);
                    if (object != null) {
                        next.add(object);
                    }
                }
            }
            if (!found) {
                return false;
            }
            if (i == parts.length - 1) {
                return true;
            }
            level = next;
        }
        return false;
    }
}
