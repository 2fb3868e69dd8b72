-- Which fields the tenant's events carry: per UTC day of the event time and OCSF class, each path (dotted, lists
-- flattened, unmapped["k"] as unmapped.k) at which some event of that day and class held a value. GET /api/v1/rules
-- reads the last 7 days of it to say per rule which of its fields the tenant's data fills (store.FieldsSeenTable).
-- A set, not a count: each stored chunk adds its events' distinct paths with ON CONFLICT DO NOTHING, so redelivery,
-- replay and a chunk written twice leave the same rows; partition upkeep deletes a dropped day's rows.
CREATE TABLE event_fields_seen (
    day       date    NOT NULL,
    class_uid integer NOT NULL,
    path      text    NOT NULL,
    PRIMARY KEY (day, class_uid, path)
);

-- the events already stored are not walked here (a JSON walk of every stored event): their fields count from the
-- next chunk of their class on
