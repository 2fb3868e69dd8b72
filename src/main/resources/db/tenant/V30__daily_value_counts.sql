-- Daily value counts: the hourly value counts (V24) of a closed day summed into one row per (field, day, value), so
-- that stats/top over a week sums a few rows per value for each whole day instead of one per hour. Written by partition
-- upkeep (store.DailyValueCounts) once a day has closed. Exact as the hourly counts are: a day's sums hold only while
-- the day's event total (the sum of its event_hour_totals) is the one they were summed from; an event stored later
-- into the day makes them stale, stats/top then reads that day's hourly counts, and the next upkeep sums it again.
CREATE TABLE event_day_values (
    field  text        NOT NULL,
    day    timestamptz NOT NULL, -- midnight UTC
    value  text        NOT NULL,
    events bigint      NOT NULL,
    PRIMARY KEY (field, day, value)
);

CREATE TABLE event_day_sums (
    day        timestamptz PRIMARY KEY, -- midnight UTC
    day_events bigint      NOT NULL    -- the day's event total (sum of event_hour_totals.events) when summed
);
