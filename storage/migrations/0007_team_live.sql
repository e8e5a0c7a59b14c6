-- Schema v7: the team's live workspace (issue #16: "Who and when",
-- "Live", "Followed runs").
--
-- plans.saved_by is the author of the plan's newest revision, kept on the
-- plan's row beside its revision number, so that the library can say
-- "saved by Olena, 10:42" from this table alone, as it says everything
-- else it shows. Reading it from the revision instead would read past the
-- revision's document (megabytes, in overflow pages) on every listing.
-- Plans saved before take their newest revision's author (NULL, which
-- reads as "", when that was not recorded either).

ALTER TABLE plans ADD COLUMN saved_by TEXT;

UPDATE plans SET saved_by = (SELECT r.author FROM revisions r WHERE r.plan = plans.pk AND r.n = plans.revision);

-- Who drives a run that others follow (storage.DriveRun): one row per
-- driven run, with the name its driver gave. On a file the row is the
-- lock itself: it holds while its driver renews expires_at (Unix
-- nanoseconds), and a row past its expiry — a driver that crashed — may be
-- taken over. On a server the lock is a session advisory lock and the row
-- only says who holds it (expires_at NULL). A deleted run's row goes with it.
CREATE TABLE run_drivers (
    run        TEXT    NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    holder     TEXT    NOT NULL,
    token      TEXT    NOT NULL,  -- the driver's own, so that only it renews or releases
    since      INTEGER NOT NULL,
    expires_at INTEGER
) STRICT;
