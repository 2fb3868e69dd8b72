package io.securitylake.subscriber.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an analyst is told about: a rule (or the lake's own finding) and the stored events that raised it.
 *
 * @param uid       stable: {@link #uidOf} the rule and the event uid or finding uid that raised it
 * @param details   more of the detection as OCSF names it (finding_info, tags), stored and returned as is
 */
public record Detection(String uid, long timeMs, int severityId, String ruleUid, String ruleTitle, List<String> eventUids,
                 List<Entities.Entity> entities, List<String> attacks, long firstSeenMs, long lastSeenMs,
                 String status, Map<String, Object> details) {

    public static final String LAKE_FINDING = "lake-finding";

    /** {@code det-} and 32 hex digits of SHA-256 over the rule uid and the key that raised the detection. */
    public static String uidOf(String ruleUid, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ruleUid.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            return "det-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code detection} column as {@link DetectionTable} stores it: what no column holds (the API lays the columns,
     * rule, entities, attacks, ..., over it).
     */
    Map<String, Object> storedBody() {
        Map<String, Object> body = new LinkedHashMap<>(details);
        body.put("class_uid", 2004);
        body.put("class_name", "Detection Finding");
        return body;
    }
}
