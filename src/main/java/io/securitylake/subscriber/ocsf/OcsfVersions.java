package io.securitylake.subscriber.ocsf;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a producer's {@code metadata.version} to the closest version the catalog knows.
 * Exact names win; "1.1", "v1.1.0", "1.1.0-dev" mean 1.1.0; "1.0.0-rc.1" means the known 1.0.0 pre-release;
 * a version between or above the known ones means the newest known one below it (later OCSF versions add,
 * rarely rename). Anything unreadable resolves to -1: no preference, the caller's fallback order decides.
 */
final class OcsfVersions {

    private static final Pattern VERSION = Pattern.compile("[vV]?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[-+_.](.*))?");
    /** Producers write few distinct versions; the cap only stops garbage values from growing the cache. */
    private static final int CACHE_LIMIT = 1024;

    private final List<String> known;
    private final Map<String, Integer> cache = new ConcurrentHashMap<>();

    /** @param known version names, oldest first */
    OcsfVersions(List<String> known) {
        this.known = List.copyOf(known);
    }

    /** Index into the known versions, or -1. */
    int resolve(String version) {
        if (version == null) {
            return -1;
        }
        Integer hit = cache.get(version);
        if (hit != null) {
            return hit;
        }
        int index = match(version.trim());
        if (cache.size() < CACHE_LIMIT) {
            cache.put(version, index);
        }
        return index;
    }

    private int match(String version) {
        int exact = known.indexOf(version);
        if (exact >= 0) {
            return exact;
        }
        long wanted = rank(version);
        if (wanted < 0) {
            return -1;
        }
        String kind = preReleaseKind(version);
        int best = -1;
        long bestRank = -1;
        for (int i = 0; i < known.size(); i++) {
            long rank = rank(known.get(i));
            String knownKind = preReleaseKind(known.get(i));
            boolean knownPre = knownKind != null;
            if (rank == wanted && knownPre && knownKind.equals(kind)) {
                return i; // "1.0.0-rc.1" is nearer to the known "1.0.0-rc.2" than to 1.0.0
            }
            if (rank <= wanted && !knownPre && rank > bestRank) {
                best = i;
                bestRank = rank;
            }
        }
        return best;
    }

    /** x.y.z as one comparable number, ignoring any pre-release suffix; -1 when not a version. */
    private static long rank(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return -1;
        }
        return part(m.group(1)) * 1_000_000L + part(m.group(2)) * 1_000L + part(m.group(3));
    }

    private static long part(String digits) {
        if (digits == null) {
            return 0;
        }
        return digits.length() > 3 ? 999 : Integer.parseInt(digits); // a silly number is merely "very new"
    }

    /** The letters that start a pre-release suffix ("rc" of "rc.2"), or null for a release. */
    private static String preReleaseKind(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches() || m.group(4) == null || m.group(4).isEmpty()) {
            return null;
        }
        String suffix = m.group(4);
        int end = 0;
        while (end < suffix.length() && Character.isLetter(suffix.charAt(end))) {
            end++;
        }
        return suffix.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }
}
