package io.securitylake.subscriber.predict;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A departure of one series from its expected volume, at an hour (epoch hours). {@code observed} and
 * {@code expected} are the hour's, or the means over a run's {@code hours} (level shift, silence); the band is
 * the first hour's. The uid depends only on series, hour and kind, so finding it again stores nothing new.
 */
public record Anomaly(SeriesKey series, long hour, Kind kind, double observed, Double expected, Double lower,
                      Double upper, int hours, int severityId) {

    /** What departed, and the detection rule it raises. */
    public enum Kind {
        SPIKE("volume-anomaly"), DROP("volume-anomaly"), LEVEL_SHIFT("volume-anomaly"),
        SILENCE("source-silent"), NEW_SOURCE("new-source");

        private final String rule;

        Kind(String rule) {
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }

        /** As stored and as the API names it: spike, drop, level_shift, silence, new_source. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public long timeMs() {
        return hour * 3_600_000L;
    }

    /** {@code anm-} and 32 hex digits of SHA-256 over series, hour and kind. */
    public String uid() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {series.by(), series.value(), Long.toString(hour), kind.id()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "anm-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
