package io.securitylake.subscriber.predict;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Hourly event counts shaped like a security log source: a daily curve (quiet night, busy afternoon UTC), weekends
 * at about half, a slow trend, multiplicative noise (log-normal, {@code noise}) on top of Poisson counting noise.
 */
final class SyntheticVolumes {

    /** Monday 2026-01-05 00:00 UTC, in epoch hours: series start on a Monday. */
    static final long MONDAY = 1_767_571_200L / 3600;

    private final RandomGenerator random;

    SyntheticVolumes(long seed) {
        this.random = new JDKRandomGenerator((int) seed);
    }

    /** The noise-free mean of hour {@code i} of a series of level {@code base} starting at {@code startHour}. */
    static double mean(long startHour, int i, double base, double weeklyGrowth) {
        long h = startHour + i;
        int hod = (int) Math.floorMod(h, 24L);
        int dow = (int) Math.floorMod(Math.floorDiv(h, 24) + 3, 7L);
        double daily = 0.3 + 0.7 * Math.exp(-Math.pow(hod - 14, 2) / (2 * 16.0));
        double weekly = dow >= 5 ? 0.5 : dow == 0 ? 1.1 : 1.0;
        return base * daily * weekly * Math.pow(1 + weeklyGrowth, i / 168.0);
    }

    double[] series(long startHour, int hours, double base, double weeklyGrowth, double noise) {
        double[] out = new double[hours];
        for (int i = 0; i < hours; i++) {
            out[i] = count(mean(startHour, i, base, weeklyGrowth) * Math.exp(noise * random.nextGaussian()));
        }
        return out;
    }

    double count(double mean) {
        return mean <= 0 ? 0 : new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    int nextInt(int n) {
        return random.nextInt(n);
    }

    double nextDouble() {
        return random.nextDouble();
    }
}
