package io.securitylake.subscriber.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The model and the anomaly finder on synthetic series with a daily and weekly shape, trend and noise. */
class VolumeModelTest {

    private static final int WEEK = VolumeModel.WEEK;
    private static final SeriesKey SOURCE = new SeriesKey(SeriesKey.SOURCE, "VPC_FLOW");
    private final VolumeModel model = new VolumeModel(8, 4.0);
    private final AnomalyFinder finder = new AnomalyFinder(4.0, 3, 6);

    private static HourlySeries series(double[] counts) {
        return new HourlySeries(SOURCE, SyntheticVolumes.MONDAY, counts, counts.length);
    }

    @Test
    void theBandHoldsTheNormalHoursAndFollowsTheDailyAndWeeklyShape() {
        double[] c = new SyntheticVolumes(1).series(SyntheticVolumes.MONDAY, 6 * WEEK, 1000, 0.02, 0.08);
        VolumeModel.Forecaster f = model.of(series(c));
        int inside = 0;
        int n = 0;
        for (int t = 4 * WEEK; t < 6 * WEEK; t++) {
            VolumeModel.Band b = f.band(t);
            n++;
            inside += c[t] >= b.lower() && c[t] <= b.upper() ? 1 : 0;
            double mean = SyntheticVolumes.mean(SyntheticVolumes.MONDAY, t, 1000, 0.02);
            assertThat(b.expected()).as("hour %d", t).isBetween(mean * 0.8, mean * 1.2);
        }
        assertThat(inside).isGreaterThanOrEqualTo(n - 2);
        // a Saturday afternoon is expected lower than a Wednesday afternoon, a night lower than a day
        assertThat(f.band(5 * WEEK + 5 * 24 + 14).expected()).isLessThan(f.band(5 * WEEK + 2 * 24 + 14).expected() * 0.7);
        assertThat(f.band(5 * WEEK + 2 * 24 + 3).expected()).isLessThan(f.band(5 * WEEK + 2 * 24 + 14).expected() * 0.6);
    }

    @Test
    void aSpikeIsFlaggedAndNotLearnedAsNextWeeksNormal() {
        double[] c = new SyntheticVolumes(2).series(SyntheticVolumes.MONDAY, 6 * WEEK, 500, 0, 0.08);
        int spike = 4 * WEEK + 24 + 15; // a Tuesday afternoon
        c[spike] *= 5;
        VolumeModel.Forecaster f = model.of(series(c));

        List<Anomaly> found = finder.find(f, spike - 24, spike + 24, 0);
        assertThat(found).extracting(Anomaly::kind, Anomaly::hour)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.SPIKE, SyntheticVolumes.MONDAY + spike));

        VolumeModel.Band nextTuesday = f.band(spike + WEEK);
        assertThat(nextTuesday.expected()).isLessThan(c[spike] / 3);
        assertThat(c[spike + WEEK]).isBetween(nextTuesday.lower(), nextTuesday.upper());
    }

    @Test
    void aSpikeInTheSecondWeekIsNotLearnedEither() {
        double[] c = new SyntheticVolumes(3).series(SyntheticVolumes.MONDAY, 2 * WEEK + 48, 500, 0, 0.08);
        int spike = WEEK + 24 + 15;
        c[spike] *= 5;
        VolumeModel.Band nextTuesday = model.of(series(c)).band(spike + WEEK);
        assertThat(nextTuesday.upper()).isLessThan(c[spike]);
    }

    @Test
    void lessThanAWeekOfHistoryGivesNoBand() {
        double[] c = new SyntheticVolumes(4).series(SyntheticVolumes.MONDAY, WEEK + 24, 500, 0, 0.08);
        VolumeModel.Forecaster f = model.of(series(c));
        assertThat(f.band(WEEK - 1)).isNull();
        assertThat(f.hasHistory(WEEK - 1)).isFalse();
        assertThat(f.band(WEEK)).isNotNull();
        assertThat(finder.find(f, 0, WEEK, 0)).isEmpty();
    }

    @Test
    void aSourceSilentForThreeHoursIsOneSilenceAtItsFirstHour() {
        double[] c = new SyntheticVolumes(5).series(SyntheticVolumes.MONDAY, 3 * WEEK, 200, 0, 0.08);
        int start = 2 * WEEK + 2 * 24 + 10;
        c[start] = c[start + 1] = c[start + 2] = 0;
        VolumeModel.Forecaster f = model.of(series(c));

        List<Anomaly> found = finder.find(f, 2 * WEEK, 3 * WEEK, 0);
        assertThat(found).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.SILENCE);
        assertThat(found.get(0).hour()).isEqualTo(SyntheticVolumes.MONDAY + start);
        assertThat(found.get(0).hours()).isEqualTo(3);
        // examined again from inside the run: the same anomaly, hence the same uid
        assertThat(finder.find(f, start + 1, 3 * WEEK, 0)).extracting(Anomaly::uid).containsExactly(found.get(0).uid());
    }

    @Test
    void twoEmptyHoursAreNotASilenceNorAreEmptyHoursOfAQuietSource() {
        double[] c = new SyntheticVolumes(6).series(SyntheticVolumes.MONDAY, 3 * WEEK, 200, 0, 0.08);
        int start = 2 * WEEK + 2 * 24 + 10;
        c[start] = c[start + 1] = 0;
        assertThat(finder.find(model.of(series(c)), 2 * WEEK, 3 * WEEK, 0)).extracting(Anomaly::kind)
                .doesNotContain(Anomaly.Kind.SILENCE);

        double[] quiet = new SyntheticVolumes(7).series(SyntheticVolumes.MONDAY, 3 * WEEK, 0.5, 0, 0);
        assertThat(finder.find(model.of(series(quiet)), 2 * WEEK, 3 * WEEK, 0)).isEmpty();
    }

    @Test
    void aSourceFirstSeenAfterAWeekOfTheTenantIsNew() {
        double[] c = new double[3 * WEEK];
        double[] later = new SyntheticVolumes(8).series(SyntheticVolumes.MONDAY, WEEK, 100, 0, 0.08);
        System.arraycopy(later, 0, c, 2 * WEEK + 5, WEEK - 5);
        VolumeModel.Forecaster f = model.of(series(c));

        assertThat(finder.find(f, 2 * WEEK, 3 * WEEK, 0)).extracting(Anomaly::kind, Anomaly::hour)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.NEW_SOURCE, SyntheticVolumes.MONDAY + 2 * WEEK + 5));
        // a tenant younger than a week: everything is new, so nothing is
        assertThat(finder.find(f, 2 * WEEK, 3 * WEEK, 2 * WEEK)).isEmpty();
    }

    @Test
    void aLastingDropIsOneLevelShiftNotADropEveryHour() {
        double[] c = new SyntheticVolumes(9).series(SyntheticVolumes.MONDAY, 5 * WEEK, 1000, 0, 0.08);
        int start = 4 * WEEK + 24 + 9;
        for (int t = start; t < start + 48; t++) {
            c[t] *= 0.4;
        }
        List<Anomaly> found = finder.find(model.of(series(c)), 4 * WEEK, start + 48, 0);
        assertThat(found).filteredOn(a -> a.kind() == Anomaly.Kind.LEVEL_SHIFT).extracting(Anomaly::hour)
                .containsExactly(SyntheticVolumes.MONDAY + start);
        assertThat(found).filteredOn(a -> a.kind() == Anomaly.Kind.DROP).hasSizeLessThan(6);
    }
}
