package io.securitylake.subscriber.alert;

import io.securitylake.subscriber.tenant.TenantSettings;

/**
 * One attempt of one delivery, as route {@code alert-send} makes it: the delivery claimed and the destination it goes
 * to ({@code webhook} or {@code sqs}).
 *
 * @param attempt     the delivery as claimed (uid, tenant, change, attempts so far, the alert's text)
 * @param destination where it goes
 */
public record DeliveryAttempt(AlertDeliveryTable.Attempt attempt, TenantSettings.AlertDestination destination) {

    /** {@code webhook} or {@code sqs}: which way route {@code alert-send} goes. */
    public String type() {
        return destination.type();
    }

    /** The queue URL of an {@code sqs} destination. */
    public String queueUrl() {
        return destination.queueUrl();
    }
}
