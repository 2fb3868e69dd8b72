-- A lease on an object being read: which process reads it, and until when (renewed while it reads). A replica
-- that meets a live lease leaves its message for redelivery; a lease that has run out (a crashed replica) is
-- taken over.
ALTER TABLE lake_objects
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz;
