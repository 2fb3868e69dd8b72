package io.securitylake.subscriber.detect;

import java.util.List;

/**
 * Detections of one tenant, what route {@code correlate} takes (it stores them, groups them into incidents, and
 * gives them back unchanged to the route that called it): a stored batch's ({@link BatchDetections}, route
 * {@code detect}) or a back-in-time intelligence scan's ({@link IntelLookback.Scan}, route {@code intel-lookback}).
 */
public interface TenantDetections {

    /** Whose detections they are. */
    String tenant();

    /** The detections raised (some may be stored already: storing them again is a no-op). */
    List<Detection> detections();
}
