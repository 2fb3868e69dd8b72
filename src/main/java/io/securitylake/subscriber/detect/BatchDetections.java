package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.SigmaCorrelation;
import java.util.List;

/**
 * What {@code detector.detect} made of one stored tenant batch, route {@code detect}'s hand-off to route
 * {@code correlate} and then to {@code detector.expire}.
 *
 * @param tenant          the batch's tenant
 * @param detections      the batch's detections
 * @param correlationsFed the Sigma correlations the batch fed, whose old windows expire once the detections are stored
 */
public record BatchDetections(String tenant, List<Detection> detections, List<SigmaCorrelation> correlationsFed)
        implements TenantDetections {
}
