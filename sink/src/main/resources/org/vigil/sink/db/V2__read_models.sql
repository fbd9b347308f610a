-- Read models for the dashboard, kept up to date by the writer in the same transaction as the rows they summarise,
-- so trend, bias and cohort queries stay fast at hundreds of thousands of notes.

-- Which kind/assertion pairs a note carries ('SUICIDAL_IDEATION/AFFIRMED'): cohort and bias queries test this
-- array (GIN-indexed) instead of joining every signal row.
ALTER TABLE notes ADD COLUMN signal_keys text[] NOT NULL DEFAULT '{}';
UPDATE notes n SET signal_keys = coalesce(
    (SELECT array_agg(DISTINCT s.kind || '/' || s.assertion ORDER BY s.kind || '/' || s.assertion)
     FROM signals s WHERE s.note_id = n.note_id), '{}');
CREATE INDEX notes_signal_keys ON notes USING gin (signal_keys);

-- Signals per week (Monday, UTC, of the shifted note date), kind, assertion, note type and unit ('' when none).
CREATE TABLE signal_weeks (
    week      date   NOT NULL,
    kind      text   NOT NULL,
    assertion text   NOT NULL,
    note_type text   NOT NULL,
    unit      text   NOT NULL,
    signals   bigint NOT NULL,
    PRIMARY KEY (week, kind, assertion, note_type, unit)
);
INSERT INTO signal_weeks (week, kind, assertion, note_type, unit, signals)
SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date, s.kind, s.assertion, n.note_type,
       coalesce(n.unit, ''), count(*)
FROM signals s JOIN notes n ON n.note_id = s.note_id
WHERE s.note_date IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
CREATE INDEX signal_weeks_kind_assertion ON signal_weeks (kind, assertion, week);
