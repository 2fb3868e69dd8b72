package io.securitylake.subscriber.api.predict;

import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.RawJson;
import io.securitylake.subscriber.predict.AnomalyTable;
import io.securitylake.subscriber.predict.HourlySeries;
import io.securitylake.subscriber.predict.RollupSeries;
import io.securitylake.subscriber.predict.SeriesKey;
import io.securitylake.subscriber.predict.VolumeModel;
import io.securitylake.subscriber.predict.VolumePredictions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The caller's volume predictions (one series, computed from its rollups with the same model the anomalies come
 * from) and its anomalies (a page, newest hour first). Every read goes through the caller's tenant store.
 */
@Component("predictionQueries")
class PredictionQueries {

    static final String LISTING = "anomalies";
    static final Duration MAX_RANGE = Duration.ofDays(90);
    static final int HORIZON_HOURS = 24;
    private static final Map<String, Pattern> VALUES = Map.of(
            SeriesKey.CATEGORY, Pattern.compile("[0-9]{1,2}"),
            SeriesKey.CLASS, Pattern.compile("[0-9]{1,6}"),
            SeriesKey.SOURCE, Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}"),
            SeriesKey.ACCOUNT, Pattern.compile("[0-9]{12}"));
    private static final Map<String, String> EXPECTED = Map.of(
            SeriesKey.CATEGORY, "a category uid (0 to 99)", SeriesKey.CLASS, "a class uid (0 to 999999)",
            SeriesKey.SOURCE, "a source name such as VPC_FLOW", SeriesKey.ACCOUNT, "a 12-digit AWS account id");
    private static final Set<String> KINDS = Set.of("spike", "drop", "level_shift", "silence", "new_source");

    private final RollupSeries rollups;
    private final AnomalyTable anomalies;
    private final VolumePredictions predictions;
    private final Cursors cursors;
    private final Clock clock;

    @Autowired
    PredictionQueries(RollupSeries rollups, AnomalyTable anomalies, VolumePredictions predictions, Cursors cursors) {
        this(rollups, anomalies, predictions, cursors, Clock.systemUTC());
    }

    PredictionQueries(RollupSeries rollups, AnomalyTable anomalies, VolumePredictions predictions, Cursors cursors,
                      Clock clock) {
        this.rollups = rollups;
        this.anomalies = anomalies;
        this.predictions = predictions;
        this.cursors = cursors;
        this.clock = clock;
    }

    public VolumePrediction volume(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        String by = p.oneOf("by", SeriesKey.KINDS).orElse(SeriesKey.ALL);
        String value = p.one("value").orElse(null);
        if (by.equals(SeriesKey.ALL)) {
            if (value != null) {
                throw Params.bad("value", "is not taken with by=all");
            }
            value = "";
        } else if (value == null) {
            throw Params.bad("value", "is required with by=" + by);
        } else if (!VALUES.get(by).matcher(value).matches()) {
            throw Params.bad("value", "must be " + EXPECTED.get(by) + " with by=" + by + ", not " + Params.quote(value));
        }
        long nowHour = Math.floorDiv(clock.instant().getEpochSecond(), 3600);
        long horizon = nowHour + 1 + HORIZON_HOURS;
        Instant from = p.time("from").orElse(Instant.ofEpochSecond((nowHour - 7 * 24) * 3600));
        Instant to = p.time("to").orElse(Instant.ofEpochSecond(horizon * 3600));
        if (!from.isBefore(to)) {
            throw Params.bad("from", "must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw Params.bad("to", "must be at most 90 days after 'from'");
        }
        long fromHour = Math.floorDiv(from.getEpochSecond(), 3600);
        long toHour = Math.floorDiv(to.getEpochSecond() + 3599, 3600);
        if (toHour > horizon) {
            throw Params.bad("to", "must be at most " + HORIZON_HOURS + " h after the current hour: forecasts reach no further");
        }
        long startHour = fromHour - predictions.historyHours();
        int hours = (int) (toHour - startHour);
        int known = (int) (Math.min(nowHour, toHour) - startHour);
        SeriesKey key = new SeriesKey(by, value);
        HourlySeries series = rollups.one(tenant, key, startHour, hours, known).orElseThrow(() -> Params.bad("value",
                "names no " + by + " this tenant has events of: " + Params.quote(key.value())));
        VolumeModel.Forecaster f = predictions.model().of(series);
        List<VolumePrediction.Hour> items = new ArrayList<>();
        for (int t = (int) (fromHour - startHour); t < hours; t++) {
            VolumeModel.Band b = f.band(t);
            Double observed = t < known ? (Double.isNaN(series.at(t)) ? 0.0 : series.at(t)) : null;
            items.add(new VolumePrediction.Hour((startHour + t) * 3_600_000L, observed,
                    b == null ? null : round(b.expected()), b == null ? null : round(b.lower()),
                    b == null ? null : round(b.upper())));
        }
        int now = (int) (nowHour - startHour);
        boolean enough = f.hasHistory(now);
        int historyHours = series.born() < series.known() ? Math.max(0, now - series.born()) : 0;
        return new VolumePrediction(by, key.value(), enough ? VolumePrediction.OK : VolumePrediction.INSUFFICIENT_HISTORY,
                historyHours, items);
    }

    public AnomalyPage anomalies(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        Params.Range range = p.range();
        Instant from = range.from();
        Instant to = range.to();
        String kind = p.oneOf("kind", KINDS).orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        Cursors.Listing listing = cursors.listing(tenant, LISTING, range.canonical() + "\nkind=" + kind);
        AnomalyTable.After after = listing.position(p, 2)
                .map(at -> new AnomalyTable.After(Cursors.fromMicros(at.get(0)), at.get(1))).orElse(null);
        Cursors.Page<AnomalyTable.Listed> page = listing.page(anomalies.page(tenant, from, to, kind, after, limit + 1),
                limit, last -> List.of(Cursors.toMicros(last.time()), last.uid()));
        return new AnomalyPage(page.rows().stream().map(r -> new RawJson(r.json())).toList(), page.next());
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
