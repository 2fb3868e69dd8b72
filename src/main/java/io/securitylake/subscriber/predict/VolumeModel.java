package io.securitylake.subscriber.predict;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The expected volume of an hour and its prediction interval, learned only from the hours before it, robustly:
 * <ul>
 * <li>expected: the median of the same hour of the week over the past {@code historyWeeks} weeks, each scaled by
 * the trend; with fewer than three such weeks, also the same hour of the past fortnight's days of the same kind
 * (weekday or weekend). A spike is one value among several and does not move a median, so last Tuesday's spike is
 * not next Tuesday's normal.</li>
 * <li>trend: a Theil–Sen fit of the logarithm of daily totals, over pairs of days a whole number of weeks apart
 * (so the weekly shape does not pass for a trend), clamped to halving or doubling per week.</li>
 * <li>interval: expected ± {@code sigmas} standard deviations, the variance being Poisson plus a multiplicative,
 * log-normal part ({@code e + (m·e)²} near the expected value, wider above it than below it); {@code m} is fitted so
 * that the median absolute residual of the fortnight before the hour's day matches a normal's (a robust MAD fit,
 * which outliers do not widen); the variance is raised by the uncertainty of the median itself, and both bounds
 * moved up by the Poisson skew (Cornish-Fisher).</li>
 * </ul>
 * Less than a week of history before an hour: no band at all ({@code insufficient_history}), never an invented one.
 */
public final class VolumeModel {

    static final int DAY = 24;
    static final int WEEK = 7 * DAY;
    /** The least history, in hours, before an hour gets a band. */
    public static final int MIN_HISTORY = WEEK;
    private static final int SCALE_DAYS = 14;
    /** Noise assumed while fewer residuals than this are known (the second week of a series): a wide band. */
    private static final int MIN_RESIDUALS = 2 * DAY;
    private static final double DEFAULT_NOISE = 0.3;
    private static final double NORMAL_MAD = 0.6744897501960817;
    private static final double MAX_WEEKLY_GROWTH = Math.log(2) / WEEK;

    private final int historyWeeks;
    private final double sigmas;

    public VolumeModel(int historyWeeks, double sigmas) {
        if (historyWeeks < 1 || sigmas <= 0) {
            throw new IllegalArgumentException("historyWeeks >= 1 and sigmas > 0 are required");
        }
        this.historyWeeks = historyWeeks;
        this.sigmas = sigmas;
    }

    /** The expected value, its interval (lower never below 0) and the standard deviation behind it. */
    public record Band(double expected, double lower, double upper, double sd) {

        /** How many standard deviations an observed value lies from the expected one (signed). */
        double score(double observed) {
            return (observed - expected) / sd;
        }
    }

    public Forecaster of(HourlySeries series) {
        return new Forecaster(series);
    }

    /** The bands of one series, with its per-day trend and noise computed once. */
    public final class Forecaster {

        private final HourlySeries s;
        private final Map<Long, Double> growth = new HashMap<>();
        private final Map<Long, Double> noise = new HashMap<>();
        private final Median median = new Median();
        /** expected() and band() of the hours up to a week past the observed ones, each computed once. */
        private final double[] expectedOf;
        private final int[] candidateCount;
        private final boolean[] expectedKnown;
        private final Band[] bandOf;
        private final boolean[] bandKnown;
        private final double[] candidates = new double[historyWeeks + SCALE_DAYS];

        Forecaster(HourlySeries s) {
            this.s = s;
            int n = s.known() + WEEK;
            expectedOf = new double[n];
            candidateCount = new int[n];
            expectedKnown = new boolean[n];
            bandOf = new Band[n];
            bandKnown = new boolean[n];
        }

        public HourlySeries series() {
            return s;
        }

        /** The band of hour {@code t} (may lie after the observed hours); null without a week of history. */
        public Band band(int t) {
            if (t < 0 || t >= bandOf.length) {
                return computeBand(t);
            }
            if (!bandKnown[t]) {
                bandOf[t] = computeBand(t);
                bandKnown[t] = true;
            }
            return bandOf[t];
        }

        private Band computeBand(int t) {
            if (!hasHistory(t)) {
                return null;
            }
            double e = expected(t);
            if (Double.isNaN(e)) {
                return null;
            }
            double m = noise(day(t));
            // the median of n values is itself uncertain: its variance is about pi/2 of one value's, over n
            double k = Math.sqrt(1 + Math.PI / 2 / Math.max(1, candidatesOf(t)));
            // multiplicative noise is log-normal: its spread is wider above the expected value than below it
            double up = e * (Math.exp(sigmas * m * k) - 1) / sigmas;
            double down = e * (1 - Math.exp(-sigmas * m * k)) / sigmas;
            double poisson = e * k * k;
            double sdUp = Math.max(1, Math.sqrt(up * up + poisson));
            double sdDown = Math.max(1, Math.sqrt(down * down + poisson));
            // counts are skewed to the right (Poisson): Cornish-Fisher moves both bounds up by (z^2 - 1) / 6
            double skew = (sigmas * sigmas - 1) / 6;
            return new Band(e, Math.max(0, e - sigmas * sdDown + skew), e + sigmas * sdUp + skew,
                    Math.sqrt((sdUp * sdUp + sdDown * sdDown) / 2));
        }

        public boolean hasHistory(int t) {
            return s.born() < s.known() && t - s.born() >= MIN_HISTORY;
        }

        double expected(int t) {
            if (t < 0 || t >= expectedOf.length) {
                return computeExpected(t);
            }
            if (!expectedKnown[t]) {
                expectedOf[t] = computeExpected(t);
                candidateCount[t] = lastCount;
                expectedKnown[t] = true;
            }
            return expectedOf[t];
        }

        private int candidatesOf(int t) {
            if (t < 0 || t >= expectedOf.length) {
                computeExpected(t);
                return lastCount;
            }
            expected(t);
            return candidateCount[t];
        }

        private int lastCount;

        private double computeExpected(int t) {
            double g = growth(day(t));
            double[] c = candidates;
            int n = 0;
            for (int k = 1; k <= historyWeeks; k++) {
                double v = s.at(t - WEEK * k);
                if (!Double.isNaN(v)) {
                    c[n++] = v * Math.exp(g * WEEK * k);
                }
            }
            if (n < 3) {
                boolean weekend = s.isWeekend(t);
                for (int d = 1; d <= SCALE_DAYS; d++) {
                    int i = t - DAY * d;
                    double v = s.at(i);
                    if (d % 7 != 0 && s.isWeekend(i) == weekend && !Double.isNaN(v)) {
                        c[n++] = v * Math.exp(g * DAY * d);
                    }
                }
            }
            lastCount = n;
            return n == 0 ? Double.NaN : medianOf(c, n);
        }

        /** Epoch day of hour {@code t}. */
        private long day(int t) {
            return Math.floorDiv(s.startHour() + t, DAY);
        }

        /** Index of the first hour of an epoch day. */
        private int firstHour(long day) {
            return (int) (day * DAY - s.startHour());
        }

        /** Growth per hour (log scale) from the whole days before {@code day}. */
        private double growth(long day) {
            return growth.computeIfAbsent(day, this::fitGrowth);
        }

        private double fitGrowth(long day) {
            int end = Math.min(firstHour(day), s.known());
            int first = Math.max(s.born(), end - historyWeeks * WEEK);
            first = first + Math.floorMod(-(s.startHour() + first), DAY); // the first whole day
            int days = (end - first) / DAY;
            if (days < 14) {
                return 0;
            }
            double[] totals = new double[days];
            for (int d = 0; d < days; d++) {
                for (int h = 0; h < DAY; h++) {
                    totals[d] += s.at(first + d * DAY + h);
                }
            }
            double[] slopes = new double[days * days / 7];
            int n = 0;
            for (int i = 0; i < days; i++) {
                for (int j = i + 7; j < days; j += 7) {
                    if (totals[i] > 0 && totals[j] > 0) {
                        slopes[n++] = Math.log(totals[j] / totals[i]) / ((j - i) * DAY);
                    }
                }
            }
            if (n == 0) {
                return 0;
            }
            double g = median.evaluate(slopes, 0, n);
            return Math.max(-MAX_WEEKLY_GROWTH, Math.min(MAX_WEEKLY_GROWTH, g));
        }

        /** The multiplicative noise {@code m} fitted on the residuals of the fortnight before {@code day}. */
        private double noise(long day) {
            return noise.computeIfAbsent(day, this::fitNoise);
        }

        private double fitNoise(long day) {
            int end = Math.min(firstHour(day), s.known());
            double[] r = new double[SCALE_DAYS * DAY];
            double[] e = new double[SCALE_DAYS * DAY];
            int n = 0;
            for (int t = Math.max(0, end - SCALE_DAYS * DAY); t < end; t++) {
                if (hasHistory(t)) {
                    double x = expected(t);
                    if (!Double.isNaN(x)) {
                        r[n] = Math.abs(s.at(t) - x);
                        e[n++] = x;
                    }
                }
            }
            if (n < MIN_RESIDUALS) {
                return DEFAULT_NOISE;
            }
            if (madRatio(r, e, n, 0) <= NORMAL_MAD) {
                return 0;
            }
            double lo = 0;
            double hi = 4;
            for (int i = 0; i < 30; i++) {
                double mid = (lo + hi) / 2;
                if (madRatio(r, e, n, mid) > NORMAL_MAD) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }

        /** Median of the first n values (few: an insertion sort, no copy). */
        private static double medianOf(double[] c, int n) {
            for (int i = 1; i < n; i++) {
                double v = c[i];
                int j = i - 1;
                while (j >= 0 && c[j] > v) {
                    c[j + 1] = c[j];
                    j--;
                }
                c[j + 1] = v;
            }
            return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
        }

        private double madRatio(double[] r, double[] e, int n, double m) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = r[i] / Math.max(1, Math.sqrt(e[i] + m * m * e[i] * e[i]));
            }
            Arrays.sort(z);
            return n % 2 == 1 ? z[n / 2] : (z[n / 2 - 1] + z[n / 2]) / 2;
        }
    }
}
