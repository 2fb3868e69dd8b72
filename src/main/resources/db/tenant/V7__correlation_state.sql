-- The state of the Sigma correlation rules (event_count, value_count) of one tenant: every event a correlation's
-- base rules matched, in its group (the JSON array of its group-by values) and its window (the start, epoch ms, of
-- the tumbling window of the correlation's timespan the event time falls in), with the value value_count counts.
-- The key holds the event uid, so a replayed object or a second replica adds nothing, and a count over a window is
-- a count of distinct events. Rows of a window are deleted once the correlation's newest event is a timespan past
-- the window's end: the table holds about two windows per group and correlation.
CREATE TABLE correlation_events (
    rule_uid        text   NOT NULL,
    group_key       text   NOT NULL,
    window_start_ms bigint NOT NULL,
    event_uid       text   NOT NULL,
    time_ms         bigint NOT NULL,
    value           text,
    PRIMARY KEY (rule_uid, group_key, window_start_ms, event_uid)
);
CREATE INDEX correlation_events_rule_window ON correlation_events (rule_uid, window_start_ms);
CREATE INDEX correlation_events_rule_time ON correlation_events (rule_uid, time_ms);
