package io.securitylake.subscriber.ocsf;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OCSF captions by schema version: class, category, severity, activity and type names.
 * A version string is matched to the closest known version; when that version does not know an id, the
 * catalog asks the newest of 1.0.0-rc.2..1.3.0 that does (what Security Lake and its custom sources write),
 * then 1.8.0. Unknown ids give {@link Optional#empty()}. Immutable, hence thread-safe.
 */
public final class OcsfCatalog {

    static final String RESOURCE = "ocsf/catalog.tsv";
    /** Base-event activities that every class shares; the extracted facts list them for few classes. */
    private static final Map<Integer, String> BASE_ACTIVITIES = Map.of(0, "Unknown", 99, "Other");
    private static final String NEWEST_LAKE_VERSION = "1.3.0";

    private final List<OcsfRelease> releases;
    private final OcsfVersions versions;
    /** Lookup order per resolved version index; the last entry serves an unresolvable version. */
    private final int[][] orders;

    OcsfCatalog(List<OcsfRelease> releases) {
        this.releases = List.copyOf(releases);
        this.versions = new OcsfVersions(this.releases.stream().map(OcsfRelease::version).toList());
        int[] fallback = fallbackOrder();
        this.orders = new int[releases.size() + 1][];
        for (int i = 0; i < releases.size(); i++) {
            List<Integer> order = new ArrayList<>(List.of(i));
            for (int f : fallback) {
                if (f != i) {
                    order.add(f);
                }
            }
            orders[i] = order.stream().mapToInt(Integer::intValue).toArray();
        }
        orders[releases.size()] = fallback;
    }

    /** The project's table, {@code classpath:ocsf/catalog.tsv}. */
    public static OcsfCatalog load() {
        InputStream in = OcsfCatalog.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + RESOURCE);
        }
        return load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static OcsfCatalog load(Reader tsv) {
        return new OcsfCatalog(CatalogTsv.read(tsv));
    }

    /** Known version names, oldest first. */
    public List<String> versions() {
        return releases.stream().map(OcsfRelease::version).toList();
    }

    public Optional<String> className(String version, Integer classUid) {
        return ocsfClass(version, classUid).map(OcsfClass::caption);
    }

    public Optional<String> categoryName(String version, Integer categoryUid) {
        return first(version, categoryUid, r -> r.categories().get(categoryUid));
    }

    public Optional<String> severityName(String version, Integer severityId) {
        return first(version, severityId, r -> r.severities().get(severityId));
    }

    /**
     * The activity caption. When the version that defines the class does not list the activity (the extracted
     * facts miss many), a later version's same class (same schema name) answers, then the base event's 0/99.
     */
    public Optional<String> activityName(String version, Integer classUid, Integer activityId) {
        if (classUid == null || activityId == null) {
            return Optional.empty();
        }
        for (int i : orders[index(version)]) {
            OcsfClass found = releases.get(i).classes().get(classUid);
            if (found != null) {
                for (int later = i; later < releases.size(); later++) {
                    OcsfClass same = releases.get(later).classes().get(classUid);
                    if (same != null && same.name().equals(found.name()) && same.activities().containsKey(activityId)) {
                        return Optional.of(same.activities().get(activityId));
                    }
                }
                break;
            }
        }
        return Optional.ofNullable(BASE_ACTIVITIES.get(activityId));
    }

    /** OCSF's {@code type_name} convention: "&lt;class caption&gt;: &lt;activity caption&gt;". */
    public Optional<String> typeName(String version, Integer classUid, Integer activityId) {
        return className(version, classUid)
                .flatMap(cls -> activityName(version, classUid, activityId).map(act -> cls + ": " + act));
    }

    Optional<OcsfClass> ocsfClass(String version, Integer classUid) {
        return first(version, classUid, r -> r.classes().get(classUid));
    }

    OcsfRelease release(String version) {
        return releases.stream().filter(r -> r.version().equals(version)).findFirst().orElse(null);
    }

    private <T> Optional<T> first(String version, Integer id, Function<OcsfRelease, T> lookup) {
        if (id == null) {
            return Optional.empty();
        }
        for (int i : orders[index(version)]) {
            T found = lookup.apply(releases.get(i));
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private int index(String version) {
        int i = versions.resolve(version);
        return i < 0 ? releases.size() : i;
    }

    /** Versions up to 1.3.0 newest first, then any newer ones oldest first (1.8.0 only fills gaps). */
    private int[] fallbackOrder() {
        int lake = versions().indexOf(NEWEST_LAKE_VERSION);
        if (lake < 0) {
            lake = releases.size() - 1;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = lake; i >= 0; i--) {
            order.add(i);
        }
        for (int i = lake + 1; i < releases.size(); i++) {
            order.add(i);
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
