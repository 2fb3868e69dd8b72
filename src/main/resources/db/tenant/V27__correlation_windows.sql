-- A running count per correlation window: what a window holds is kept in one row, raised by the rows a
-- recording really inserted into correlation_events (a replayed or redelivered match inserts none, so it adds
-- nothing), instead of counting every row of the window again on each chunk. A window's event uids are read through
-- correlation_events_window_time (its first 100 by time) and a value_count's values through
-- correlation_events_window_value (its first 100 as text), neither by a scan of the window.
CREATE TABLE correlation_windows (
    rule_uid        text   NOT NULL,
    group_key       text   NOT NULL,
    window_start_ms bigint NOT NULL,
    events          bigint NOT NULL,
    first_ms        bigint NOT NULL,
    last_ms         bigint NOT NULL,
    recorded_ms     bigint NOT NULL,
    PRIMARY KEY (rule_uid, group_key, window_start_ms)
);
CREATE INDEX correlation_windows_rule_window ON correlation_windows (rule_uid, window_start_ms);

-- A value_count keeps one row per (group, window, value): the first event of each value. Later events of a value
-- already counted add no row (INSERT … ON CONFLICT DO NOTHING meets this index), so a port scan's state grows with
-- the ports, not with the refused flows. Rows of event_count correlations and suppressions carry no value.
DELETE FROM correlation_events a USING correlation_events b
 WHERE a.value IS NOT NULL AND b.value = a.value AND b.rule_uid = a.rule_uid AND b.group_key = a.group_key
   AND b.window_start_ms = a.window_start_ms AND (b.time_ms, b.event_uid) < (a.time_ms, a.event_uid);
CREATE UNIQUE INDEX correlation_events_window_value ON correlation_events (rule_uid, group_key, window_start_ms, value)
    WHERE value IS NOT NULL;
CREATE INDEX correlation_events_window_time ON correlation_events (rule_uid, group_key, window_start_ms, time_ms, event_uid);

INSERT INTO correlation_windows (rule_uid, group_key, window_start_ms, events, first_ms, last_ms, recorded_ms)
SELECT rule_uid, group_key, window_start_ms, count(*), min(time_ms), max(time_ms), max(recorded_ms)
  FROM correlation_events GROUP BY rule_uid, group_key, window_start_ms;
