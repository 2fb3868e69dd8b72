package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.predict.Anomaly.Kind;
import io.securitylake.subscriber.predict.VolumeModel.Band;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomalies of one series among the hours {@code [from, to)} (indexes of the series):
 * <ul>
 * <li>spike or drop: an hour above or below its prediction interval;</li>
 * <li>level shift: at least {@code levelShiftHours} hours beyond half the interval on the same side, none on the
 * other side and at most four hours in a row within it between them (a shift shows less at night), reported once
 * at the run's first hour; the run's hours after the first {@code levelShiftHours} are not repeated as spikes or
 * drops;</li>
 * <li>silence (sources and accounts): at least {@code silenceHours} empty hours in a row where so many events were
 * expected that the run would be empty by chance less than once in a thousand (Poisson), reported at its first
 * hour; those hours are not drops;</li>
 * <li>new source (sources and accounts): the series' first hour with events lies in the range, after the tenant
 * had a week of history (so a new tenant's sources are not all new).</li>
 * </ul>
 * A run that began before {@code from} is traced back to its start, so each is found at the same hour every time.
 */
final class AnomalyFinder {

    /** Poisson: e^-7 < 0.001, the chance that an hour run expecting 7 events in all is empty. */
    static final double SILENCE_EVIDENCE = 7.0;
    private static final int MAX_TRACE_BACK = 8 * VolumeModel.WEEK;
    /** Hours within half the interval that a level shift may pass through (a shift is less visible at night). */
    private static final int MAX_GAP = 4;

    private final double sigmas;
    private final int silenceHours;
    private final int levelShiftHours;

    AnomalyFinder(double sigmas, int silenceHours, int levelShiftHours) {
        this.sigmas = sigmas;
        this.silenceHours = silenceHours;
        this.levelShiftHours = levelShiftHours;
    }

    /** @param tenantBorn the index, in this series' hours, of the tenant's first hour with events */
    List<Anomaly> find(VolumeModel.Forecaster f, int from, int to, int tenantBorn) {
        HourlySeries s = f.series();
        List<Anomaly> out = new ArrayList<>();
        from = Math.max(from, 0);
        to = Math.min(to, s.known());
        if (from >= to) {
            return out;
        }
        boolean[] quiet = new boolean[to - from];
        SeriesKey key = s.key();
        if (key.isOrigin() && s.born() >= from && s.born() < to && s.born() > 0
                && tenantBorn <= s.born() - VolumeModel.WEEK) {
            out.add(new Anomaly(key, hour(s, s.born()), Kind.NEW_SOURCE, s.at(s.born()), null, null, null, 1,
                    key.by().equals(SeriesKey.ACCOUNT) ? 3 : 2));
        }
        if (key.isOrigin()) {
            silences(f, from, to, quiet, out);
        }
        levelShifts(f, from, to, quiet, out);
        for (int t = from; t < to; t++) {
            Band b = quiet[t - from] ? null : f.band(t);
            if (b == null) {
                continue;
            }
            double x = s.at(t);
            if (x > b.upper() || x < b.lower()) {
                int severity = Math.abs(b.score(x)) >= 2 * sigmas ? 3 : 2;
                out.add(new Anomaly(key, hour(s, t), x > b.upper() ? Kind.SPIKE : Kind.DROP, x, b.expected(),
                        b.lower(), b.upper(), 1, severity));
            }
        }
        return out;
    }

    private void silences(VolumeModel.Forecaster f, int from, int to, boolean[] quiet, List<Anomaly> out) {
        HourlySeries s = f.series();
        int t = from;
        while (t < to) {
            if (s.at(t) != 0) {
                t++;
                continue;
            }
            int start = t;
            while (start - 1 >= Math.max(s.born(), from - MAX_TRACE_BACK) && s.at(start - 1) == 0) {
                start--;
            }
            int end = t;
            while (end < to && s.at(end) == 0) {
                end++;
            }
            double expected = 0;
            Band first = null;
            for (int i = start; i < end; i++) {
                Band b = f.band(i);
                if (b != null) {
                    expected += b.expected();
                    first = first == null ? b : first;
                }
            }
            if (end - start >= silenceHours && expected >= SILENCE_EVIDENCE && first != null) {
                out.add(new Anomaly(s.key(), hour(s, start), Kind.SILENCE, 0, expected / (end - start),
                        first.lower(), first.upper(), end - start, 3));
                for (int i = Math.max(start, from); i < end; i++) {
                    quiet[i - from] = true;
                }
            }
            t = end;
        }
    }

    private void levelShifts(VolumeModel.Forecaster f, int from, int to, boolean[] quiet, List<Anomaly> out) {
        HourlySeries s = f.series();
        int t = from;
        while (t < to) {
            int side = side(f, t);
            if (side == 0 || quiet[t - from]) {
                t++;
                continue;
            }
            int start = t;
            for (int i = t - 1, gap = 0; i >= from - MAX_TRACE_BACK && gap <= MAX_GAP && side(f, i) != -side; i--) {
                gap = side(f, i) == side ? 0 : gap + 1;
                if (gap == 0) {
                    start = i;
                }
            }
            int end = t;
            int beyond = 0;
            for (int i = start, gap = 0; i < to && gap <= MAX_GAP && !(i >= from && quiet[i - from]); i++) {
                int x = side(f, i);
                if (x == -side) {
                    break;
                }
                gap = x == side ? 0 : gap + 1;
                if (x == side) {
                    end = i + 1;
                    beyond++;
                }
            }
            if (beyond >= levelShiftHours) {
                double observed = 0;
                double expected = 0;
                for (int i = start; i < end; i++) {
                    observed += s.at(i);
                    expected += f.band(i).expected();
                }
                Band first = f.band(start);
                out.add(new Anomaly(s.key(), hour(s, start), Kind.LEVEL_SHIFT, observed / (end - start),
                        expected / (end - start), first.lower(), first.upper(), end - start, 3));
                int seen = 0;
                for (int i = start; i < end; i++) {
                    seen += side(f, i) == side ? 1 : 0;
                    if (i >= from && seen >= levelShiftHours) {
                        quiet[i - from] = true;
                    }
                }
            }
            t = Math.max(end, t + 1);
        }
    }

    /** +1 above half the interval, -1 below it, 0 within it or without a band. */
    private int side(VolumeModel.Forecaster f, int t) {
        Band b = t < 0 ? null : f.band(t);
        double x = t < 0 ? Double.NaN : f.series().at(t);
        if (b == null || Double.isNaN(x)) {
            return 0;
        }
        double half = sigmas / 2 * b.sd();
        return x > b.expected() + half ? 1 : x < b.expected() - half ? -1 : 0;
    }

    private static long hour(HourlySeries s, int i) {
        return s.startHour() + i;
    }
}
