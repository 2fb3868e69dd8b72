package io.securitylake.subscriber;

/**
 * Every exchange property and header of our own, in one place: only what a typed body cannot carry because Camel
 * needs the body (each says why). Names follow one convention, {@code Lake} and the
 * value's name in PascalCase (as Camel's own are {@code Camel...}), so a route file can say which it reads or
 * sets, and each route file lists the ones it uses in its header comment.
 */
public final class LakeExchange {

    /**
     * Property, set by {@code publisher.write}: the window of one published source being written
     * (publish.PublishWindow: its file, how many records it holds), the file removed by {@code publisher.release}.
     * A property, not the body, because the S3 producer puts the body: the window's file.
     */
    public static final String PUBLISH_WINDOW = "LakePublishWindow";
    /**
     * Property, set by {@code alertSender.claim}: the delivery attempt route {@code alert-send} makes and where it goes
     * (alert.DeliveryAttempt). A property, not the body, because the SQS producer and the webhook send the body: the
     * alert's text.
     */
    public static final String ALERT_ATTEMPT = "LakeAlertAttempt";
    /**
     * Property, set by the REST query beans: the HTTP request behind a REST route's exchange. Camel's platform-http
     * gives the request only through its own message, which a later step may replace; the property keeps it for the
     * steps after (api.ApiRequest).
     */
    public static final String API_REQUEST = "LakeApiRequest";

    private LakeExchange() {
    }
}
