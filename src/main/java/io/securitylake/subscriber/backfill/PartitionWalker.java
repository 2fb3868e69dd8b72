package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.notification.LakeKey;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists the Security Lake objects of a backfill by prefix, folder by folder with ListObjectsV2 (paginated), so
 * that only the partitions asked for are walked, never the whole bucket:
 * {@code aws/<SOURCE>/<version>/region=<r>/accountId=<id>/eventDay=<YYYYMMDD>/} (Security Lake 1.0 and 2.0) and
 * {@code ext/<name>/[<version>/]region=…/accountid=…/eventday=…/} (custom sources), partition names in any case.
 * Every object under a matching day is listed, data or not: the ingestion decides what to read, as for a
 * notification. Iceberg {@code metadata/} folders beside the partitions are not walked.
 */
final class PartitionWalker {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final List<String> ROOTS = List.of("aws/", "ext/");

    private final S3Client s3;
    private final BackfillRequest request;
    /** Takes one page of listed objects; false stops the walk (the backfill was cancelled). */
    private final Predicate<List<BackfillObjects.Listed>> page;
    private long folderListings;

    PartitionWalker(S3Client s3, BackfillRequest request, Predicate<List<BackfillObjects.Listed>> page) {
        this.s3 = s3;
        this.request = request;
        this.page = page;
    }

    /** Walks every matching partition; false when the page consumer stopped it. */
    boolean walk() {
        for (String root : ROOTS) {
            for (String source : folders(root)) {
                String name = source.substring(root.length(), source.length() - 1);
                if (request.source() == null || request.source().equalsIgnoreCase(name)) {
                    if (!below(source, 0)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** ListObjectsV2 calls made for folders (not counting the listing of the days' objects). */
    long folderListings() {
        return folderListings;
    }

    /** {@code level} counts the folders after the source that are not partitions (a version: at most one). */
    private boolean below(String prefix, int level) {
        for (String folder : folders(prefix)) {
            String segment = folder.substring(prefix.length(), folder.length() - 1);
            String lower = segment.toLowerCase(Locale.ROOT);
            boolean go;
            if (lower.startsWith("region=")) {
                go = request.region() == null || request.region().equalsIgnoreCase(value(segment));
            } else if (lower.startsWith("accountid=")) {
                go = request.accounts().contains(value(segment));
            } else if (lower.startsWith("eventday=") || lower.startsWith("eventhour=")) {
                if (inRange(value(segment)) && !objects(folder)) {
                    return false;
                }
                continue;
            } else {
                // a version folder right after the source; anything else (Iceberg metadata/) holds no partitions
                go = level == 0 && !segment.contains("=") && isVersion(segment);
                level = go ? 1 : level;
            }
            if (go && !below(folder, level)) {
                return false;
            }
        }
        return true;
    }

    private boolean inRange(String value) {
        if (value.length() < 8) {
            return false;
        }
        try {
            LocalDate day = LocalDate.parse(value.substring(0, 8), DAY);
            return !day.isBefore(request.from()) && !day.isAfter(request.to());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Every object under the day's folder, page by page. */
    private boolean objects(String prefix) {
        for (ListObjectsV2Response response : s3.listObjectsV2Paginator(b -> b.bucket(request.bucket()).prefix(prefix))) {
            List<BackfillObjects.Listed> listed = new ArrayList<>();
            for (S3Object o : response.contents()) {
                if (!o.key().endsWith("/")) {
                    listed.add(new BackfillObjects.Listed(o.key(), o.size() == null ? 0 : o.size()));
                }
            }
            if (!page.test(listed)) {
                return false;
            }
        }
        return true;
    }

    /** The sub-folders of a prefix, in S3's order. */
    private List<String> folders(String prefix) {
        List<String> folders = new ArrayList<>();
        for (ListObjectsV2Response response : s3.listObjectsV2Paginator(
                b -> b.bucket(request.bucket()).prefix(prefix).delimiter("/"))) {
            folderListings++;
            for (CommonPrefix p : response.commonPrefixes()) {
                folders.add(p.prefix());
            }
        }
        return folders;
    }

    private static String value(String segment) {
        return segment.substring(segment.indexOf('=') + 1);
    }

    private static boolean isVersion(String segment) {
        // the same test the key parser makes of the folder after the source
        return LakeKey.parse("aws/s/" + segment + "/f").sourceVersion() != null;
    }
}
