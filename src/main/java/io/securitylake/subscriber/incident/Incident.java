package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.detect.Entities.Entity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One incident as stored (a row of {@code incidents}); times are epoch milliseconds. Merged incidents keep their row
 * with {@code mergedInto} naming the incident that absorbed them.
 */
public record Incident(String uid, IncidentStatus status, int severityId, int priorityId, String assignee, long version,
                       long startMs, long endMs, int detectionCount, List<Entity> entities, List<String> attacks,
                       String title, String mergedInto, long createdMs, long modifiedMs) {

    /** {@code inc-} and 32 hex digits of SHA-256 over the uid of the detection that opened the incident. */
    static String uidOf(String firstDetectionUid) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("incident".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(firstDetectionUid.getBytes(StandardCharsets.UTF_8));
            return "inc-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Incident with(IncidentStatus status, int severityId, int priorityId, String assignee, long startMs, long endMs,
                  int detectionCount, List<Entity> entities, List<String> attacks, String mergedInto) {
        return new Incident(uid, status, severityId, priorityId, assignee, version + 1, startMs, endMs, detectionCount,
                entities, attacks, title, mergedInto, createdMs, modifiedMs);
    }
}
