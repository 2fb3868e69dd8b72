package io.securitylake.subscriber.notification;

import java.time.Instant;

/**
 * One S3 object announced by a notification: where it is, what S3 said of it, and when.
 *
 * @param bucket     bucket name
 * @param key        object key, already URL-decoded
 * @param size       size in bytes, or null when the notification did not say
 * @param etag       entity tag, or null when the notification did not say
 * @param notifiedAt event time of the notification, or null when absent
 */
public record LakeObject(String bucket, String key, Long size, String etag, Instant notifiedAt) {

    /** The partition values encoded in the key. */
    public LakeKey partitions() {
        return LakeKey.parse(key);
    }

    /** True for a Parquet data file; false for Iceberg metadata and every other kind of object. */
    public boolean isParquetData() {
        return LakeKey.isParquetData(key);
    }
}
