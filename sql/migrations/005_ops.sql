-- 005: operations. load_log times become TIMESTAMPTZ (instants, shown in
-- Europe/Stockholm) and its status gains 'forgotten' (socdw forget, mirror)
-- and 'ignored' (a file socdw does not read); a note says why a file was
-- skipped, ignored or forgotten. DuckDB cannot alter a CHECK constraint,
-- so load_log is rebuilt and its rows copied: the old times were UTC
-- without a zone.
CREATE TABLE load_log_004 AS SELECT * FROM load_log;
DROP TABLE load_log;
CREATE TABLE load_log (
    load_id       BIGINT PRIMARY KEY,
    run_id        BIGINT,
    source        VARCHAR NOT NULL,
    kommun        VARCHAR,
    file          VARCHAR NOT NULL,
    sha256        VARCHAR,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'skipped', 'failed', 'forgotten', 'ignored')),
    rows_loaded   BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    error         VARCHAR,
    note          VARCHAR  -- why a file was skipped, ignored or forgotten; what it superseded
);
INSERT INTO load_log
SELECT load_id, run_id, source, kommun, file, sha256,
       started_at AT TIME ZONE 'UTC', finished_at AT TIME ZONE 'UTC',
       status, rows_loaded, rows_rejected,
       CASE WHEN status = 'failed' THEN error END,
       CASE WHEN status <> 'failed' THEN error END
FROM load_log_004;
DROP TABLE load_log_004;

-- What the file looked like when it was last read: a file whose size,
-- modification time and inode are unchanged is skipped without reading
-- it (see docs/operations.md for when socdw hashes anyway).
ALTER TABLE source_file ADD COLUMN size BIGINT;
ALTER TABLE source_file ADD COLUMN mtime_ns BIGINT;
ALTER TABLE source_file ADD COLUMN inode BIGINT;
ALTER TABLE source_file ADD COLUMN stat_ns BIGINT;  -- when that stat was taken

-- The warehouse's data version: raised by every change of its facts (a
-- load, a supersession, a forget). The published copy carries the version
-- it was copied at; a copy older than the warehouse is published again.
CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta VALUES ('data_version', 1);

-- Rows of an earlier file that a later file of the same source replaced
-- because both report the same grain (kommun, unit or subject, period,
-- measure): a corrected report under a new name counts once.
CREATE TABLE supersession (
    load_id     BIGINT NOT NULL,   -- the load of the newer file
    source      VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,  -- the newer file
    old_file    VARCHAR NOT NULL,  -- the file whose rows were replaced
    old_load_id BIGINT,
    fact_table  VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    at_time     TIMESTAMPTZ NOT NULL
);
