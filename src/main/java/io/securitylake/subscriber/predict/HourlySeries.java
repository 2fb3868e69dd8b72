package io.securitylake.subscriber.predict;

/**
 * One series' hourly event counts, hour {@code i} being epoch hour {@code startHour + i}. Only the first
 * {@code known} hours are observed (later ones are the future, or not settled yet). {@code born} is the first
 * hour with events: hours before it are not zeros of the series but time before it existed.
 */
public final class HourlySeries {

    private final SeriesKey key;
    private final long startHour;
    private final double[] counts;
    private final int known;
    private final int born;

    public HourlySeries(SeriesKey key, long startHour, double[] counts, int known) {
        this.key = key;
        this.startHour = startHour;
        this.counts = counts;
        this.known = Math.min(known, counts.length);
        int first = 0;
        while (first < this.known && counts[first] == 0) {
            first++;
        }
        this.born = first;
    }

    public SeriesKey key() {
        return key;
    }

    public long startHour() {
        return startHour;
    }

    public int known() {
        return known;
    }

    /** The first hour with events; {@link #known()} when there is none. */
    public int born() {
        return born;
    }

    /** The count of an observed hour; NaN before the series was born or after the last observed hour. */
    public double at(int i) {
        return i < born || i >= known ? Double.NaN : counts[i];
    }

    /** Day of the week of hour {@code i}, Monday 0 (UTC). */
    int dayOfWeek(int i) {
        return (int) Math.floorMod(Math.floorDiv(startHour + i, 24) + 3, 7L);
    }

    boolean isWeekend(int i) {
        return dayOfWeek(i) >= 5;
    }
}
