package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Volume predictions and anomalies, recomputed for every tenant from its hourly rollups.
 *
 * @param interval        how often route {@code predictions} recomputes every tenant's models
 * @param historyWeeks    weeks of hourly history a forecast learns from (same hour of week, medians)
 * @param lookback        the completed hours each run examines for anomalies (a missed run is caught up)
 * @param settleTime      an hour is examined only this long after it ended (late-arriving objects)
 * @param sigmas          half-width of the prediction interval, in robust standard deviations
 * @param silenceHours    consecutive empty hours, where events were expected, that make a source silent
 * @param levelShiftHours consecutive hours on one side of the expected volume that make a level shift
 */
@ConfigurationProperties("lake.predictions")
public record PredictionSettings(@DefaultValue("1h") Duration interval,
                                 @DefaultValue("8") int historyWeeks,
                                 @DefaultValue("48h") Duration lookback,
                                 @DefaultValue("20m") Duration settleTime,
                                 @DefaultValue("4.0") double sigmas,
                                 @DefaultValue("3") int silenceHours,
                                 @DefaultValue("6") int levelShiftHours) {

    /** The defaults but for the settings given, each name (after {@code lake.predictions.}) then its value: for tests. */
    public static PredictionSettings of(Object... nameValues) {
        return SettingsFactory.bind(PredictionSettings.class, nameValues);
    }
}
