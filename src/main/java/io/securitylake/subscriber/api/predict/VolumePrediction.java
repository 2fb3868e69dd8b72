package io.securitylake.subscriber.api.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One series' hours with observed, expected and interval; {@code status} ok or insufficient_history. */
record VolumePrediction(String by, String value, String status, @JsonProperty("history_hours") int historyHours,
                        List<Hour> items) {

    static final String OK = "ok";
    static final String INSUFFICIENT_HISTORY = "insufficient_history";

    /** An hour: observed is null for the current and future hours; the band is null without history. */
    record Hour(long time, Double observed, Double expected, Double lower, Double upper) {
    }
}
