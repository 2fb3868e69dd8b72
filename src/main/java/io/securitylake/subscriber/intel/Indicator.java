package io.securitylake.subscriber.intel;

import java.time.Instant;
import java.util.List;

/**
 * One value a feed says is bad, in force from {@code validFrom} until {@code validUntil} unless revoked. A STIX
 * indicator whose pattern is an OR of comparisons is one such value per comparison, sharing its STIX id.
 *
 * @param value           in the type's normal form ({@link IndicatorType#normalise}); a network as {@code addr/bits}
 * @param stixId          the STIX indicator's id; null for a plain list's line
 * @param confidence      0..100, the indicator's own or else the feed's default
 * @param killChainPhases {@code <kill chain>:<phase>} of each of the indicator's kill-chain phases
 */
public record Indicator(String feed, IndicatorType type, String value, String stixId, String name, Instant validFrom,
                        Instant validUntil, boolean revoked, int confidence, List<String> labels,
                        List<String> killChainPhases, Instant modified) {

    public Indicator {
        labels = labels == null ? List.of() : List.copyOf(labels);
        killChainPhases = killChainPhases == null ? List.of() : List.copyOf(killChainPhases);
    }

    /** A plain list's value: no STIX id, in force from now on, the feed's confidence. */
    static Indicator listed(String feed, IndicatorType type, String value, int confidence) {
        return new Indicator(feed, type, value, null, null, null, null, false, confidence, List.of(), List.of(), null);
    }

    /** Whether the indicator matches at {@code now}: not revoked, and within its validity. */
    public boolean inForce(Instant now) {
        return !revoked && (validFrom == null || !now.isBefore(validFrom))
                && (validUntil == null || now.isBefore(validUntil));
    }
}
