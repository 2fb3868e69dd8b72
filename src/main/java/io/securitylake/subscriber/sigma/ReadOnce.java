package io.securitylake.subscriber.sigma;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event as the rules evaluated on it see it, each field's values read once for all of them: the rules of a
 * logsource name the same fields ({@code Image}, {@code CommandLine}, ...), and a field read by one rule (or by the
 * index's look-up) is kept here and handed to the next that reads it. A field's reader is shared by every rule that
 * names it ({@link #shared}, one per logsource category and name); the values are kept in this object only, made for
 * one event and dropped with it, so nothing read from one event reaches another (nor another thread or tenant).
 * Otherwise it is the event, read-only.
 */
public final class ReadOnce extends AbstractMap<String, Object> {

    private static final Map<String, Shared> READERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final Map<String, Object> event;
    /** The values of the shared readers read so far, by their slot (null where not read yet); made at the first read. */
    private List<Object>[] values;

    private ReadOnce(Map<String, Object> event) {
        this.event = event;
    }

    /** The event to evaluate the rules on (the event itself when it already is one). */
    public static Map<String, Object> of(Map<String, Object> event) {
        return event instanceof ReadOnce ? event : new ReadOnce(event);
    }

    /**
     * The one reader of field {@code name} in rules of {@code category} (null: none), built by {@code reader} the
     * first time; null when {@code reader} gives none. It reads through a {@link ReadOnce} once.
     */
    static OcsfPaths.FieldReader shared(String category, String name, OcsfPaths.FieldReader reader) {
        if (reader == null) {
            return null;
        }
        return READERS.computeIfAbsent(category + "\u0000" + name, k -> new Shared(SLOTS.getAndIncrement(), reader));
    }

    @SuppressWarnings("unchecked")
    private List<Object> read(Shared reader) {
        int slot = reader.slot;
        if (values == null) {
            values = new List[Math.max(slot + 1, SLOTS.get())];
        } else if (slot >= values.length) {
            values = Arrays.copyOf(values, Math.max(slot + 1, values.length * 2));
        }
        List<Object> read = values[slot];
        if (read == null) {
            read = reader.reader.read(event);
            values[slot] = read;
        }
        return read;
    }

    @Override
    public Object get(Object key) {
        return event.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return event.containsKey(key);
    }

    @Override
    public int size() {
        return event.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return java.util.Collections.unmodifiableMap(event).entrySet();
    }

    /** A field's reader that a {@link ReadOnce} answers from what it has read. */
    private record Shared(int slot, OcsfPaths.FieldReader reader) implements OcsfPaths.FieldReader {

        @Override
        public List<Object> read(Map<String, Object> event) {
            return event instanceof ReadOnce once ? once.read(this) : reader.read(event);
        }

        @Override
        public List<String> paths() {
            return reader.paths();
        }
    }
}
