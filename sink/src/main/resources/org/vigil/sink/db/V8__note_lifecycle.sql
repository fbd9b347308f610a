-- A note's life in its source: amended or replaced (a later version supersedes it), withdrawn (cancelled, entered in
-- error). Only CURRENT notes count: signal_weeks and note_facts hold current notes alone, and a note that stops being
-- current has its open alert closed. Its text, signals and tier stay, marked, for the record.
ALTER TABLE notes ADD COLUMN lifecycle text NOT NULL DEFAULT 'CURRENT'
    CHECK (lifecycle IN ('CURRENT', 'SUPERSEDED', 'WITHDRAWN'));
-- The stored note that superseded this one.
ALTER TABLE notes ADD COLUMN superseded_by text COLLATE "C";
-- The source marked the note superseded, its replacement not being in the input (Synthea's export): stored, counted,
-- and flagged so a reader knows a newer version exists somewhere.
ALTER TABLE notes ADD COLUMN superseded_in_source boolean NOT NULL DEFAULT false;

ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check CHECK (status IN ('OPEN', 'ADJUDICATED', 'CLOSED'));

-- What the sources said about notes' lives, keyed by the note it concerns: kept before that note is stored (a
-- replacement or a cancellation may arrive first, on another partition or in a later re-ingest), applied whenever it
-- is, and the audit of each withdrawal and supersession. The first word on a note stands, so replays change nothing.
CREATE TABLE note_lifecycle_events (
    note_id          text        COLLATE "C" NOT NULL,
    event            text        NOT NULL CHECK (event IN ('SUPERSEDED', 'WITHDRAWN')),
    by_note_id       text        COLLATE "C",           -- the replacement, for SUPERSEDED
    source_adapter   text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (note_id, event)
);

-- Erasing a patient's notes erases what was recorded about them (only pseudonymous ids, but erasure is whole).
CREATE FUNCTION note_lifecycle_follows_deleted_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM note_lifecycle_events e USING deleted_notes d WHERE e.note_id = d.note_id OR e.by_note_id = d.note_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER notes_delete_lifecycle AFTER DELETE ON notes
    REFERENCING OLD TABLE AS deleted_notes
    FOR EACH STATEMENT EXECUTE FUNCTION note_lifecycle_follows_deleted_notes();
