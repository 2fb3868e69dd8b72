INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region, source,
                    bucket, object_key, event)
VALUES (:#uid, :#time, :#class_uid, :#category_uid, :#severity_id, :#account, :#region, :#source,
        :#bucket, :#object_key, CAST(:#event AS jsonb))
ON CONFLICT (event_time, event_uid) DO NOTHING
