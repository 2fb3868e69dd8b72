package io.securitylake.subscriber.predict;

import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.DetectionTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Route {@code predictions-tenant}'s step: one tenant's series from its hourly rollups → their anomalies over the
 * last {@code lake.predictions.lookback} of settled hours → stored once, each also as a detection. The new
 * detections are the step's result ({@link #recomputeTenant}). A tenant whose computation fails is logged and counted
 * ({@code lake_predictions_failures_total}); the route goes on with the next tenant.
 */
@Component("volumePredictions")
public class VolumePredictions {

    private static final Logger LOG = LoggerFactory.getLogger(VolumePredictions.class);

    /** What one tenant's recompute did. */
    public record Result(int series, int found, int stored, List<Detection> detections) {
    }

    private final RollupSeries rollups;
    private final AnomalyTable anomalies;
    private final DetectionTable detections;
    private final MeterRegistry metrics;
    private final PredictionSettings settings;
    private final VolumeModel model;
    private final AnomalyFinder finder;
    private final Clock clock;

    @Autowired
    VolumePredictions(RollupSeries rollups, AnomalyTable anomalies, DetectionTable detections, MeterRegistry metrics,
                      PredictionSettings predictions) {
        this(rollups, anomalies, detections, metrics, predictions, Clock.systemUTC());
    }

    public VolumePredictions(RollupSeries rollups, AnomalyTable anomalies, DetectionTable detections,
                             MeterRegistry metrics, PredictionSettings settings, Clock clock) {
        this.rollups = rollups;
        this.anomalies = anomalies;
        this.detections = detections;
        this.metrics = metrics;
        this.settings = settings;
        this.model = new VolumeModel(settings.historyWeeks(), settings.sigmas());
        this.finder = new AnomalyFinder(settings.sigmas(), settings.silenceHours(), settings.levelShiftHours());
        this.clock = clock;
    }

    public VolumeModel model() {
        return model;
    }

    /**
     * The step of route {@code predictions-tenant}: takes the tenant's id, gives the detections this run stored (none
     * when it failed). Never throws, so one tenant cannot stop the others.
     */
    public List<Detection> recomputeTenant(String tenant) {
        List<Detection> raised = List.of();
        try {
            Result r = recompute(tenant);
            raised = r.detections();
            LOG.info("predictions of tenant {}: {} series, {} anomalies in the last {}, {} new", tenant, r.series(),
                    r.found(), settings.lookback(), r.stored());
        } catch (RuntimeException e) {
            metrics.counter("lake.predictions.failures", "tenant", tenant).increment();
            LOG.warn("predictions of tenant {} failed, tried again next run: {}", tenant, String.valueOf(e));
        }
        return raised;
    }

    public Result recompute(String tenant) {
        Window w = window(clock.instant());
        Map<SeriesKey, HourlySeries> all = rollups.all(tenant, w.startHour(), w.hours(), w.hours());
        int tenantBorn = all.get(SeriesKey.TOTAL).born();
        List<Anomaly> found = new ArrayList<>();
        for (HourlySeries s : all.values()) {
            found.addAll(finder.find(model.of(s), w.hours() - w.lookbackHours(), w.hours(), tenantBorn));
        }
        Set<String> stored = anomalies.store(tenant, found, AnomalyDetections::uidOf);
        // every anomaly found, not only the new ones: a run that died between the two statements is completed
        List<Detection> raised = detections.store(tenant, found.stream().map(AnomalyDetections::of).toList());
        for (Anomaly a : found) {
            if (stored.contains(a.uid())) {
                metrics.counter("lake.predictions.anomalies", "tenant", tenant, "kind", a.kind().id()).increment();
            }
        }
        return new Result(all.size(), found.size(), stored.size(), raised);
    }

    /**
     * The hours a run reads: the settled hours of the lookback, and before them the history they learn from
     * ({@code historyWeeks} weeks, and a fortnight more for the noise of the first of them).
     */
    public record Window(long startHour, int hours, int lookbackHours) {
    }

    public Window window(Instant now) {
        long settledEnd = Math.floorDiv(now.minus(settings.settleTime()).getEpochSecond(), 3600);
        int lookback = (int) Math.max(1, settings.lookback().toHours());
        int hours = lookback + historyHours();
        return new Window(settledEnd - hours, hours, lookback);
    }

    /** Hours of history a band needs behind it to be the same wherever the series is read from. */
    public int historyHours() {
        return settings.historyWeeks() * VolumeModel.WEEK + 14 * VolumeModel.DAY;
    }

    public Duration settleTime() {
        return settings.settleTime();
    }
}
