package io.securitylake.subscriber.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct OCSF paths at which a tenant batch's events hold a value, per OCSF class and UTC day of the event time:
 * what {@link FieldsSeenTable} adds to the tenant's {@code event_fields_seen}. A path is dotted from the event's root,
 * a list's elements share the list's path ({@code process.file.hashes.value}), an {@code unmapped} key is one
 * element however many dots it holds ({@code unmapped.requestParameters.bucketName}); {@code _lake} (the service's
 * own) is left out, as are events without a class (no rule selects them) and paths longer than {@link #MAX_PATH}
 * characters (no rule names one; an index key has a size limit). Collected on the reading thread, one event at a time,
 * as a tree of the names met: an event whose fields were met before costs a hash look-up per name and allocates
 * nothing.
 */
public final class FieldPaths {

    /** No paths: a batch made from rows alone. */
    public static final FieldPaths NONE = new FieldPaths();
    static final int MAX_PATH = 400;

    private final Map<Long, Node> byClassAndDay = new HashMap<>();

    /** One seen path: the row of {@code event_fields_seen}. */
    public record Seen(LocalDate day, int classUid, String path) {
    }

    /** Adds the paths of one event of the class (none without a class) and time. */
    public void add(Integer classUid, long timeMs, Map<String, Object> event) {
        if (classUid == null || this == NONE) {
            return;
        }
        long day = Math.floorDiv(timeMs, 86_400_000L);
        Node root = byClassAndDay.computeIfAbsent(((long) classUid << 32) | (day & 0xffffffffL), k -> new Node());
        for (Map.Entry<String, Object> e : event.entrySet()) {
            if (e.getValue() != null && !e.getKey().equals("_lake")) {
                walk(root.child(e.getKey()), e.getValue());
            }
        }
    }

    private static void walk(Node node, Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != null) {
                    walk(node.child(String.valueOf(e.getKey())), e.getValue());
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item != null) {
                    walk(node, item);
                }
            }
        } else {
            node.valued = true;
        }
    }

    /** Forgets the days before {@code day} (events the tenant's retention does not keep). */
    public void dropBefore(LocalDate day) {
        byClassAndDay.keySet().removeIf(k -> (int) (k & 0xffffffffL) < day.toEpochDay());
    }

    public boolean isEmpty() {
        return byClassAndDay.isEmpty();
    }

    /** Every (day, class, path) collected, each once. */
    public List<Seen> seen() {
        List<Seen> out = new ArrayList<>();
        byClassAndDay.forEach((key, root) -> {
            LocalDate day = LocalDate.ofEpochDay((int) (key & 0xffffffffL));
            int classUid = (int) (key >> 32);
            if (root.children != null) {
                root.children.forEach((name, child) -> collect(child, name, day, classUid, out));
            }
        });
        return out;
    }

    private static void collect(Node node, String path, LocalDate day, int classUid, List<Seen> out) {
        if (path.length() > MAX_PATH) {
            return;
        }
        if (node.valued) {
            out.add(new Seen(day, classUid, path));
        }
        if (node.children != null) {
            node.children.forEach((name, child) -> collect(child, path + "." + name, day, classUid, out));
        }
    }

    /** A name met, with the names met under it; valued when some event held a value (not an object) there. */
    private static final class Node {
        private Map<String, Node> children;
        private boolean valued;

        Node child(String name) {
            if (children == null) {
                children = new HashMap<>();
            }
            Node child = children.get(name);
            if (child == null) {
                child = new Node();
                children.put(name, child);
            }
            return child;
        }
    }
}
