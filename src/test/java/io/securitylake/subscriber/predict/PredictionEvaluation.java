package io.securitylake.subscriber.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluation of the volume model and the anomaly finder (not a unit test; {@code ./mvnw -Ppredict-eval test}):
 * synthetic hourly series of 8 weeks (daily and weekly shape, trend, Poisson and log-normal noise) with known
 * injected anomalies in the last 4 weeks; prints precision and recall per kind and the MAPE of the forecast
 * against the naive "same hour last week", then the time to recompute 10,000 series in memory.
 */
public final class PredictionEvaluation {

    private static final int WEEK = VolumeModel.WEEK;
    private static final int HOURS = 8 * WEEK;
    private static final int EXAMINED = 4 * WEEK;

    private record Truth(int series, int hour, Anomaly.Kind kind) {
    }

    private record Shift(int series, int start) {
    }

    public static void main(String[] args) {
        int seriesCount = Integer.getInteger("eval.series", 300);
        long seed = Long.getLong("eval.seed", 42L);
        double sigmas = Double.parseDouble(System.getProperty("eval.sigmas", "4.0"));
        VolumeModel model = new VolumeModel(8, sigmas);
        AnomalyFinder finder = new AnomalyFinder(sigmas, 3, 6);
        SyntheticVolumes gen = new SyntheticVolumes(seed);

        List<HourlySeries> series = new ArrayList<>();
        Set<Truth> truth = new HashSet<>();
        List<Shift> shifts = new ArrayList<>();
        Map<Integer, boolean[]> injected = new HashMap<>();
        for (int s = 0; s < seriesCount; s++) {
            double base = 30 * Math.pow(200, gen.nextDouble()); // 30 .. 6000 events an hour at the daily peak
            double growth = -0.02 + 0.05 * gen.nextDouble();
            double noise = 0.05 + 0.10 * gen.nextDouble();
            double[] c = gen.series(SyntheticVolumes.MONDAY, HOURS, base, growth, noise);
            boolean[] marked = new boolean[HOURS];
            // one injection a slot of 3 days, at a weekday hour between 10:00 and 18:00 UTC
            int slot = 0;
            for (int k = 0; k < 7; k++, slot++) {
                int day = 4 * 7 + slot * 4 + gen.nextInt(2);
                int t = day * 24 + 10 + gen.nextInt(8);
                if (t + 80 >= HOURS) {
                    break;
                }
                double mean = SyntheticVolumes.mean(SyntheticVolumes.MONDAY, t, base, growth);
                int kind = k % 7;
                if (kind <= 2) {
                    c[t] = gen.count(mean * (3 + 3 * gen.nextDouble()));
                    truth.add(new Truth(s, t, Anomaly.Kind.SPIKE));
                    marked[t] = true;
                } else if (kind <= 4) {
                    if (mean < 40) {
                        continue; // a drop from a few events is within Poisson noise: not a drop to find
                    }
                    c[t] = gen.count(mean * (0.05 + 0.25 * gen.nextDouble()));
                    truth.add(new Truth(s, t, Anomaly.Kind.DROP));
                    marked[t] = true;
                } else if (kind == 5 && s % 2 == 0) {
                    for (int i = t; i < t + 3; i++) {
                        c[i] = 0;
                        marked[i] = true;
                    }
                    truth.add(new Truth(s, t, Anomaly.Kind.SILENCE));
                } else if (kind == 6 && s % 3 == 0) {
                    double factor = s % 2 == 0 ? 0.4 : 2.2;
                    for (int i = t; i < t + 72 && i < HOURS; i++) {
                        c[i] = gen.count(SyntheticVolumes.mean(SyntheticVolumes.MONDAY, i, base, growth) * factor);
                        marked[i] = true;
                    }
                    shifts.add(new Shift(s, t));
                }
            }
            injected.put(s, marked);
            series.add(new HourlySeries(new SeriesKey(SeriesKey.SOURCE, "src" + s), SyntheticVolumes.MONDAY, c, HOURS));
        }
        int newSources = seriesCount / 10;
        for (int n = 0; n < newSources; n++) {
            int s = seriesCount + n;
            double[] c = new double[HOURS];
            int born = 6 * WEEK + gen.nextInt(WEEK);
            double[] later = gen.series(SyntheticVolumes.MONDAY + born, HOURS - born, 50 + 500 * gen.nextDouble(), 0, 0.1);
            System.arraycopy(later, 0, c, born, HOURS - born);
            c[born] = Math.max(1, c[born]);
            truth.add(new Truth(s, born, Anomaly.Kind.NEW_SOURCE));
            injected.put(s, new boolean[HOURS]);
            series.add(new HourlySeries(new SeriesKey(SeriesKey.SOURCE, "src" + s), SyntheticVolumes.MONDAY, c, HOURS));
        }

        Map<Anomaly.Kind, int[]> counts = new HashMap<>(); // tp, fp, fn
        for (Anomaly.Kind k : Anomaly.Kind.values()) {
            counts.put(k, new int[3]);
        }
        Set<Truth> found = new HashSet<>();
        Set<Shift> shiftsFound = new HashSet<>();
        double modelError = 0;
        double naiveError = 0;
        int errorHours = 0;
        for (int s = 0; s < series.size(); s++) {
            HourlySeries hs = series.get(s);
            VolumeModel.Forecaster f = model.of(hs);
            for (Anomaly a : finder.find(f, HOURS - EXAMINED, HOURS, 0)) {
                int t = (int) (a.hour() - SyntheticVolumes.MONDAY);
                Truth key = new Truth(s, t, a.kind());
                if (a.kind() == Anomaly.Kind.LEVEL_SHIFT) {
                    int series0 = s;
                    Shift hit = shifts.stream().filter(x -> x.series() == series0 && t >= x.start() - 2
                            && t < x.start() + 12).findFirst().orElse(null);
                    counts.get(a.kind())[hit == null ? 1 : 0]++;
                    if (hit == null && Boolean.getBoolean("eval.verbose")) {
                        System.out.println("false level shift: " + a + " shifts of series: " + shifts.stream().filter(x -> x.series() == series0).toList());
                    }
                    if (hit != null) {
                        shiftsFound.add(hit);
                    }
                    continue;
                }
                if (inShift(shifts, s, t)) {
                    continue; // a shift's first hours may show as spikes or drops: neither right nor wrong
                }
                if (truth.contains(key)) {
                    counts.get(a.kind())[0]++;
                    found.add(key);
                } else {
                    counts.get(a.kind())[1]++;
                    if (Boolean.getBoolean("eval.verbose") && a.kind() == Anomaly.Kind.SPIKE) {
                        System.out.println("false spike: t=" + t + " " + a + " truth near: " + truth.stream().filter(x -> x.series() == s0(a)).map(x -> x.hour() + ":" + x.kind()).toList());
                    }
                }
            }
            boolean[] marked = injected.get(s);
            for (int t = HOURS - EXAMINED; t < HOURS; t++) {
                VolumeModel.Band b = f.band(t);
                double x = hs.at(t);
                double last = hs.at(t - WEEK);
                if (b == null || marked[t] || Double.isNaN(x) || Double.isNaN(last) || x < 5) {
                    continue;
                }
                modelError += Math.abs(x - b.expected()) / x;
                naiveError += Math.abs(x - last) / x;
                errorHours++;
            }
        }
        for (Truth t : truth) {
            if (!found.contains(t)) {
                counts.get(t.kind())[2]++;
            }
        }
        counts.get(Anomaly.Kind.LEVEL_SHIFT)[2] = shifts.size() - shiftsFound.size();

        System.out.printf(Locale.ROOT, "%d series of 8 weeks (+%d new sources), last 4 weeks examined, sigmas %.1f, seed %d%n",
                seriesCount, newSources, sigmas, seed);
        System.out.println("| kind | injected | flagged | true positives | precision | recall |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Anomaly.Kind k : Anomaly.Kind.values()) {
            int[] c = counts.get(k);
            int injectedCount = k == Anomaly.Kind.LEVEL_SHIFT ? shifts.size() : c[0] + c[2];
            int tpRecall = k == Anomaly.Kind.LEVEL_SHIFT ? shiftsFound.size() : c[0];
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f |%n", k.id(), injectedCount, c[0] + c[1], c[0],
                    c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]),
                    injectedCount == 0 ? 1.0 : (double) tpRecall / injectedCount);
        }
        System.out.printf(Locale.ROOT, "MAPE over %d normal hours (observed >= 5): model %.1f %%, naive same hour last week %.1f %%%n",
                errorHours, 100 * modelError / errorHours, 100 * naiveError / errorHours);

        timeTenThousand(model, finder, gen);
    }

    private static int s0(Anomaly a) {
        return Integer.parseInt(a.series().value().substring(3));
    }

    private static boolean inShift(List<Shift> shifts, int s, int t) {
        return shifts.stream().anyMatch(x -> x.series() == s && t >= x.start() && t < x.start() + 72);
    }

    /** A recompute's computation for 10,000 series of a tenant (the window a run reads: 10 weeks and 2 days). */
    private static void timeTenThousand(VolumeModel model, AnomalyFinder finder, SyntheticVolumes gen) {
        int hours = 10 * WEEK + 48;
        List<HourlySeries> many = new ArrayList<>();
        for (int s = 0; s < 10_000; s++) {
            many.add(new HourlySeries(new SeriesKey(SeriesKey.ACCOUNT, Integer.toString(s)), SyntheticVolumes.MONDAY,
                    gen.series(SyntheticVolumes.MONDAY, hours, 5 + 500 * gen.nextDouble(), 0.01, 0.1), hours));
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            int anomalies = 0;
            for (HourlySeries s : many) {
                anomalies += finder.find(model.of(s), hours - 48, hours, 0).size();
            }
            System.out.printf(Locale.ROOT, "10,000 series, 48 h examined each (round %d): %d ms, %d anomalies%n", round + 1,
                    (System.nanoTime() - t0) / 1_000_000, anomalies);
        }
    }
}
