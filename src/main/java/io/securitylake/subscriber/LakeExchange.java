package io.securitylake.subscriber;

import io.securitylake.subscriber.tenant.TenantSettings;

/**
 * Every exchange property and header of our own, in one place. Names follow one convention, {@code Lake} and the
 * value's name in PascalCase (as Camel's own are {@code Camel...}), so a route file can say which it reads or
 * sets, and each route file lists the ones it uses in its header comment.
 */
public final class LakeExchange {

    /**
     * Property, set by {@code publisher.write}: the window of one published source being written
     * (publish.PublishWindow), its file removed by {@code publisher.release}.
     */
    public static final String PUBLISH_WINDOW = "LakePublishWindow";
    /** Header, set by {@code publisher.write}: how many records the window's file holds (none: nothing to put). */
    public static final String PUBLISH_RECORDS = "LakePublishRecords";
    /** Property, set by {@code alertSender.claim}: the delivery attempt route {@code alert-send} makes. */
    public static final String ALERT_ATTEMPT = "LakeAlertAttempt";
    /** Property, set by {@code alertSender.claim}: the destination of that attempt (TenantSettings.AlertDestination). */
    public static final String ALERT_DESTINATION = "LakeAlertDestination";
    /** Property, set by {@code alertSender.claim}: {@code webhook} or {@code sqs}, which way route {@code alert-send} goes. */
    public static final String ALERT_TYPE = "LakeAlertType";
    /** Property, set by {@code alertSender.claim}: the queue URL of an {@code sqs} destination. */
    public static final String ALERT_QUEUE_URL = "LakeAlertQueueUrl";
    /** Property, set by {@code backfillWork.begin}: the backfill's object being read (backfill.BackfillItem). */
    public static final String BACKFILL_ITEM = "LakeBackfillItem";
    /** Property, set by {@code backfillWork.claim}: a backfill has just ended (route {@code backfill} then recomputes the predictions). */
    public static final String BACKFILLS_ENDED = "LakeBackfillsEnded";
    /** Property, set by the REST query beans: the HTTP request behind a REST route's exchange. */
    public static final String API_REQUEST = "LakeApiRequest";

    /** Property, set by {@code predictionRuns.begin}: the control-database session holding the predictions lock. */
    public static final String PREDICTIONS_LOCK = "LakePredictionsLock";

    private LakeExchange() {
    }
}
