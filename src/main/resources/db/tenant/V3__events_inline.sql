-- Events of up to ~8 KB stay in their table row, uncompressed: no TOAST row, TOAST index entry or compression
-- per event. The benchmark measured this as the largest single PostgreSQL cost left after jsonb parsing
-- (see README, Performance); the price is disk: the event column is stored at its full jsonb size.
-- Larger events are still compressed and moved out of line as before.
ALTER TABLE events SET (toast_tuple_target = 8160);
