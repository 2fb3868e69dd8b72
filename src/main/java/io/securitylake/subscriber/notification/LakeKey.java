package io.securitylake.subscriber.notification;

/**
 * Partition values that Security Lake writes into an object key, read case-insensitively:
 * {@code aws/<SOURCE>/<ver>/region=<r>/accountId=<id>/eventDay=<YYYYMMDD>/<file>} and
 * {@code ext/<name>/[<ver>/]region=<r>/accountId=<id>/eventDay=<YYYYMMDD>/<file>}.
 * Each value is null where the key does not carry it; values are kept exactly as written.
 * Parsing never throws: a key of any other layout yields nulls.
 */
public record LakeKey(String source, String sourceVersion, String region, String accountId, String eventDay) {

    private static final LakeKey NONE = new LakeKey(null, null, null, null, null);

    public static LakeKey parse(String key) {
        if (key == null || key.isEmpty()) {
            return NONE;
        }
        String[] segments = key.split("/", -1);
        int root = rootIndex(segments);
        // Partition segments are read after the root when there is one, anywhere otherwise.
        int from = root < 0 ? 0 : root + 1;
        String region = partition(segments, from, "region=");
        String accountId = partition(segments, from, "accountid=");
        String eventDay = partition(segments, from, "eventday=");
        String source = null;
        String version = null;
        if (root >= 0 && isDirectory(segments, root + 1) && !isPartition(segments[root + 1])) {
            source = segments[root + 1];
            if (isDirectory(segments, root + 2) && looksLikeVersion(segments[root + 2])) {
                version = segments[root + 2];
            }
        }
        return new LakeKey(source, version, region, accountId, eventDay);
    }

    /** True for a {@code .parquet} object outside any Iceberg {@code metadata/} folder. */
    public static boolean isParquetData(String key) {
        if (key == null) {
            return false;
        }
        String suffix = ".parquet";
        if (!key.regionMatches(true, key.length() - suffix.length(), suffix, 0, suffix.length())) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("metadata")) {
                return false;
            }
        }
        return true;
    }

    private static int rootIndex(String[] segments) {
        // The last segment is the file name, never a root folder.
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].equals("aws") || segments[i].equals("ext")) {
                return i;
            }
        }
        return -1;
    }

    /** A folder, not the file name: some segment follows it. */
    private static boolean isDirectory(String[] segments, int index) {
        return index < segments.length - 1 && !segments[index].isEmpty();
    }

    private static boolean isPartition(String segment) {
        return segment.indexOf('=') >= 0;
    }

    private static boolean looksLikeVersion(String segment) {
        int start = segment.charAt(0) == 'v' || segment.charAt(0) == 'V' ? 1 : 0;
        return segment.length() > start && Character.isDigit(segment.charAt(start)) && !isPartition(segment);
    }

    private static String partition(String[] segments, int from, String name) {
        for (int i = from; i < segments.length - 1; i++) {
            String segment = segments[i];
            if (segment.regionMatches(true, 0, name, 0, name.length())) {
                String value = segment.substring(name.length());
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
