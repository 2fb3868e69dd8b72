-- Departures of a tenant's hourly event volumes from their expected values (route predictions): a spike or a
-- drop, a level shift, a source or account fallen silent, a new source or account. Found from the hourly rollups
-- (never the raw events). The uid is derived from series, hour and kind, so a recompute, a replica or a replay
-- finds the same uid and stores nothing twice (ON CONFLICT DO NOTHING). Each is also a detection (detection_uid).
CREATE TABLE volume_anomalies (
    uid           text             NOT NULL PRIMARY KEY,
    hour          timestamptz      NOT NULL,
    kind          text             NOT NULL,
    series_by     text             NOT NULL,
    series_value  text             NOT NULL,
    observed      double precision NOT NULL,
    expected      double precision,
    lower_bound   double precision,
    upper_bound   double precision,
    hours         integer          NOT NULL,
    severity_id   integer          NOT NULL,
    detection_uid text             NOT NULL,
    detected_at   timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX volume_anomalies_hour ON volume_anomalies (hour DESC, uid DESC);
