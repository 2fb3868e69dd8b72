package io.securitylake.subscriber.backfill;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lists the partitions of backfills that wait for it (route {@code backfill-listing}), one backfill at a time per
 * replica, under a lease on the backfill renewed page by page: a replica that dies while listing leaves the
 * listing to the next one once the lease has run out, which lists again from the start (objects listed before
 * are kept as they are). Objects are read while the listing goes on.
 */
@Component("backfillLister")
class BackfillLister {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillLister.class);

    private final BackfillTable backfills;
    private final BackfillObjects objects;
    private final S3Client s3;
    private final BackfillOwner owner;
    private final Duration lease;

    BackfillLister(BackfillTable backfills, BackfillObjects objects, S3Client s3, BackfillOwner owner,
                   BackfillSettings backfillSettings) {
        this.backfills = backfills;
        this.objects = objects;
        this.s3 = s3;
        this.owner = owner;
        this.lease = backfillSettings.claimLease();
    }

    /** Lists the oldest backfill that waits for its listing, if any; true when one was listed (or tried). */
    public boolean listNext() {
        if (!owner.ready()) {
            return false;
        }
        Optional<BackfillTable.Listing> next = backfills.claimListing(owner.name(), lease);
        if (next.isEmpty()) {
            return false;
        }
        String uid = next.get().uid();
        BackfillRequest request = next.get().request();
        AtomicLong listed = new AtomicLong();
        long start = System.nanoTime();
        PartitionWalker walker = new PartitionWalker(s3, request, page -> {
            objects.add(uid, page);
            listed.addAndGet(page.size());
            if (backfills.renewListing(uid, owner.name(), lease)) {
                return true;
            }
            if (!backfills.active(uid)) {
                objects.cancelPending(uid); // cancelled while this page was added: it is not read either
            }
            return false;
        });
        try {
            if (walker.walk()) {
                backfills.listed(uid, owner.name(), listed.get() == 0);
                LOG.info("backfill {} listed {} object(s) in {} ms ({} folder listings)", uid, listed.get(),
                        (System.nanoTime() - start) / 1_000_000, walker.folderListings());
            } else {
                LOG.info("backfill {} listing stopped after {} object(s): cancelled", uid, listed.get());
            }
        } catch (SdkClientException unreachable) {
            // S3 did not answer (after the client's own retries): the lease runs out and the listing is tried again
            LOG.warn("backfill {} listing interrupted, to be tried again: {}", uid, unreachable.getMessage());
        } catch (RuntimeException refused) {
            // S3 answered with a refusal (no such bucket, access denied): retrying would not change it
            LOG.warn("backfill {} failed: {}", uid, refused.getMessage());
            backfills.failed(uid, describe(refused));
        }
        return true;
    }

    private static String describe(Throwable error) {
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
