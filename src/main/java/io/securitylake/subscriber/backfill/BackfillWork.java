package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.ingest.IngestPlan;
import io.securitylake.subscriber.ingest.IngestProgress;
import io.securitylake.subscriber.ingest.ObjectInProgressException;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.parquet.UnreadableObjectException;
import io.securitylake.subscriber.store.EventsAlreadyStoredException;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The steps of route {@code backfill}: claims a batch of listed objects for this replica, hands each to
 * {@code ingest-object} as a notification would (the ledger skips what is stored already), and records how each
 * ended. A transient failure puts the object back, to be claimed again after a pause, up to
 * {@code lake.backfill.max-attempts} times; an object another reader holds now is put back without counting.
 */
@Component("backfillWork")
class BackfillWork {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillWork.class);

    private final BackfillTable backfills;
    private final BackfillObjects objects;
    private final BackfillOwner owner;
    private final BackfillSettings settings;
    private final CamelContext camel;

    BackfillWork(BackfillTable backfills, BackfillObjects objects, BackfillOwner owner, BackfillSettings backfillSettings,
                 CamelContext camel) {
        this.backfills = backfills;
        this.objects = objects;
        this.owner = owner;
        this.settings = backfillSettings;
        this.camel = camel;
    }

    /**
     * The next objects this replica reads (a few per thread), after marking done the backfills with none left
     * (property {@code LakeBackfillsEnded} says that one ended); none while the service stops, so that a graceful
     * stop waits only for the objects being read.
     */
    public List<BackfillItem> claim(Exchange exchange) {
        if (!owner.ready() || camel.isStopping() || camel.isStopped()) {
            return List.of();
        }
        if (backfills.completeFinished() > 0) {
            exchange.setProperty(LakeExchange.BACKFILLS_ENDED, true);
        }
        return objects.claim(owner.name(), settings.claimLease(), settings.concurrency() * 4);
    }

    /** The claimed object as the ingestion takes it: an announced object, not notified by anyone. */
    public LakeObject begin(BackfillItem item, Exchange exchange) {
        exchange.setProperty(LakeExchange.BACKFILL_ITEM, item);
        // an exception caught while reading an object of an earlier batch travels on in the loop's exchange: the
        // outcome of this object is told by what this object's reading caught only
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        return new LakeObject(item.bucket(), item.key(), item.size(), null, null);
    }

    /** {@code ingest-object} returned: the object is stored, was stored before, was skipped, failed for good, or waits. */
    public void finish(Exchange exchange) {
        BackfillItem item = item(exchange);
        IngestPlan plan = exchange.getProperty(LakeExchange.PLAN, IngestPlan.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (plan == null) {
            objects.ended(item, "failed", 0, "the ingestion made no plan for the object");
        } else if (plan.ingest() && failedForGood(caught)) {
            objects.ended(item, "failed", progressRows(exchange), describe(caught));
        } else if (plan.ingest() && caught != null && !(caught instanceof EventsAlreadyStoredException)) {
            retryLater(exchange); // the ledger has it for a later attempt too (ingest-object's retryLater)
        } else if (plan.ingest()) {
            objects.ended(item, "stored", progressRows(exchange), null);
        } else {
            objects.ended(item, plan.action() == IngestPlan.Action.DONE ? "already" : "skipped", 0, null);
        }
    }

    /**
     * Whether {@code ingest-object} recorded the object as failed for good: the exceptions its {@code doCatch} hands
     * to {@code objectLedger.fail}. A chunk whose events were stored before is handled in {@code store-chunk} (the
     * insert's way) and the object is stored; any other exception left the object to be tried again.
     */
    private static boolean failedForGood(Throwable caught) {
        return caught instanceof UnreadableObjectException || caught instanceof NoSuchKeyException;
    }

    /** {@code ingest-object} threw: S3 or a database did not answer, or another reader holds the object now. */
    public void retryLater(Exchange exchange) {
        BackfillItem item = item(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = describe(cause);
        if (cause instanceof ObjectInProgressException) {
            objects.retryLater(item, error, settings.retryDelay(), false);
        } else if (item.attempts() + 1 >= settings.maxAttempts()) {
            LOG.warn("backfill {} object {} failed after {} attempts: {}", item.backfillUid(), item.key(),
                    item.attempts() + 1, error);
            objects.ended(item, "failed", 0, error);
        } else {
            LOG.warn("backfill {} object {} to be tried again in {}: {}", item.backfillUid(), item.key(),
                    settings.retryDelay(), error);
            objects.retryLater(item, error, settings.retryDelay(), true);
        }
    }

    private static BackfillItem item(Exchange exchange) {
        return exchange.getProperty(LakeExchange.BACKFILL_ITEM, BackfillItem.class);
    }

    private static long progressRows(Exchange exchange) {
        IngestProgress progress = exchange.getProperty(LakeExchange.PROGRESS, IngestProgress.class);
        return progress == null ? 0 : progress.rowsStored();
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
