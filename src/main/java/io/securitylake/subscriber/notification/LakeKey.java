package io.securitylake.subscriber.notification;

/**
 * Partition values that Security Lake writes into an object key, read case-insensitively:
 * {@code aws/<SOURCE>/<ver>/region=<r>/accountId=<id>/eventDay=<YYYYMMDD>/<file>} and
 * {@code ext/<name>/[<ver>/]region=<r>/accountId=<id>/eventDay=<YYYYMMDD>/<file>}.
 * Each value is null where the key does not carry it.
 */
public record LakeKey(String source, String sourceVersion, String region, String accountId, String eventDay) {

    public static LakeKey parse(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    public static boolean isParquetData(String key) {
        throw new UnsupportedOperationException("TODO");
    }
}
