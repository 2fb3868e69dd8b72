package io.securitylake.subscriber.ocsf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the project's OCSF table ({@code ocsf/catalog.tsv}). One row per fact, tab-separated:
 * {@code V version}, {@code G category_uid caption}, {@code S severity_id caption},
 * {@code C class_uid name caption}, {@code A activity_id caption} (belongs to the last {@code C}).
 * A plain format keeps the table diffable and the loader free of a JSON dependency at start-up.
 */
final class CatalogTsv {

    private CatalogTsv() {
    }

    static List<OcsfRelease> read(Reader source) {
        List<OcsfRelease> releases = new ArrayList<>();
        Builder current = null;
        try (BufferedReader in = new BufferedReader(source)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[0].equals("V")) {
                    if (current != null) {
                        releases.add(current.build());
                    }
                    current = new Builder(f[1]);
                } else if (current == null) {
                    throw new IllegalStateException("catalog line " + lineNo + ": fact before any V row");
                } else {
                    current.add(f, lineNo);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (current != null) {
            releases.add(current.build());
        }
        return List.copyOf(releases);
    }

    private static final class Builder {
        private final String version;
        private final Map<Integer, String> categories = new LinkedHashMap<>();
        private final Map<Integer, String> severities = new LinkedHashMap<>();
        private final Map<Integer, OcsfClass> classes = new LinkedHashMap<>();
        private Map<Integer, String> activities;
        private String[] classRow;

        Builder(String version) {
            this.version = version;
        }

        void add(String[] f, int lineNo) {
            switch (f[0]) {
                case "G" -> categories.put(Integer.valueOf(f[1]), f[2]);
                case "S" -> severities.put(Integer.valueOf(f[1]), f[2]);
                case "C" -> {
                    flushClass();
                    classRow = f;
                    activities = new LinkedHashMap<>();
                }
                case "A" -> {
                    if (activities == null) {
                        throw new IllegalStateException("catalog line " + lineNo + ": activity before any class");
                    }
                    activities.put(Integer.valueOf(f[1]), f[2]);
                }
                default -> throw new IllegalStateException("catalog line " + lineNo + ": unknown row type " + f[0]);
            }
        }

        private void flushClass() {
            if (classRow != null) {
                int uid = Integer.parseInt(classRow[1]);
                classes.put(uid, new OcsfClass(uid, classRow[2], classRow[3], Map.copyOf(activities)));
            }
        }

        OcsfRelease build() {
            flushClass();
            return new OcsfRelease(version, Map.copyOf(categories), Map.copyOf(severities), Map.copyOf(classes));
        }
    }
}
