package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.KeptBodyEnrich;
import io.securitylake.subscriber.ingest.IngestOutcome;
import io.securitylake.subscriber.ingest.IngestPlan;
import io.securitylake.subscriber.ingest.ObjectInProgressException;
import io.securitylake.subscriber.notification.LakeObject;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code backfill}: claims a batch of listed objects for this replica, hands each to
 * {@code ingest-object} as a notification would (the ledger skips what is stored already), and records how each
 * ended. A transient failure puts the object back, to be claimed again after a pause, up to
 * {@code lake.backfill.max-attempts} times; an object another reader holds now is put back without counting.
 * The object's reading is an enrich of the claimed item with the outcome of {@code ingest-object}, this bean its
 * strategy ({@link #aggregate}), so that the item stays the body across the reading.
 */
@Component("backfillWork")
class BackfillWork implements AggregationStrategy {

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
     * (the claim says whether one ended); none while the service stops, so that a graceful stop waits only for the
     * objects being read.
     */
    public BackfillClaim claim() {
        if (!owner.ready() || camel.isStopping() || camel.isStopped()) {
            return new BackfillClaim(List.of(), false);
        }
        boolean ended = backfills.completeFinished() > 0;
        return new BackfillClaim(objects.claim(owner.name(), settings.claimLease(), settings.concurrency() * 4), ended);
    }

    /** The claimed object as the ingestion takes it: an announced object, not notified by anyone. */
    public LakeObject begin(BackfillItem item) {
        return new LakeObject(item.bucket(), item.key(), item.size(), null, null);
    }

    /**
     * Route {@code backfill}'s enrich: {@code ingest-object} returned its outcome (the body of its exchange) for the
     * claimed item (the body of the route's), recorded by {@link #finish}; the item stays the body. The ingestion's
     * failure, or a failure to record, fails the route's exchange as the step itself would (the route's
     * {@code aggregateOnException}: the item stays the body for {@link #retryLater}, the failure not wrapped).
     */
    @Override
    public Exchange aggregate(Exchange route, Exchange ingested) {
        return KeptBodyEnrich.aggregate(route, ingested, BackfillItem.class, IngestOutcome.class, this::finish);
    }

    /**
     * {@code ingest-object} returned its outcome: the object is stored, was stored before, was skipped, or failed for
     * good (as ingest.PermanentFailures says; a failure to be tried again is thrown, see {@link #retryLater}).
     */
    void finish(BackfillItem item, IngestOutcome outcome) {
        IngestPlan plan = outcome.plan();
        if (outcome.failed()) {
            objects.ended(item, "failed", outcome.rowsStored(), outcome.error());
        } else if (plan.ingest()) {
            objects.ended(item, "stored", outcome.rowsStored(), null);
        } else {
            objects.ended(item, plan.action() == IngestPlan.Action.DONE ? "already" : "skipped", 0, null);
        }
    }

    /**
     * {@code ingest-object} threw: S3 or a database did not answer, or another reader holds the object now (a failure
     * that reading again cannot mend, see ingest.PermanentFailures, is never thrown: it ends in the outcome).
     */
    public void retryLater(BackfillItem item, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
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

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
