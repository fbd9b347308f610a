-- A narrow copy of what cohort and bias queries read per note. The notes table is wide (each row carries the note
-- text), so scanning it for 100,000 notes read hundreds of megabytes; this table is about 200 bytes a row.
CREATE TABLE note_facts (
    note_id           text        PRIMARY KEY REFERENCES notes (note_id) ON DELETE CASCADE,
    patient_pseudonym text        NOT NULL,
    note_type         text        NOT NULL,
    unit              text,
    note_date         timestamptz,
    tier              text,
    attributes        jsonb       NOT NULL,
    signal_keys       text[]      NOT NULL     -- kind/assertion pairs, e.g. 'SUICIDAL_IDEATION/AFFIRMED'
);
INSERT INTO note_facts (note_id, patient_pseudonym, note_type, unit, note_date, tier, attributes, signal_keys)
SELECT n.note_id, n.patient_pseudonym, n.note_type, n.unit, n.note_date, t.tier, n.attributes, n.signal_keys
FROM notes n LEFT JOIN risk_tiers t ON t.note_id = n.note_id;
CREATE INDEX note_facts_note_date ON note_facts (note_date);
CREATE INDEX note_facts_signal_keys ON note_facts USING gin (signal_keys);

DROP INDEX notes_signal_keys;
ALTER TABLE notes DROP COLUMN signal_keys;
