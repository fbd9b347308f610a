-- Indexes that no query of the sink reads any more, since trends read signal_weeks and cohort and bias queries read
-- note_facts (which keeps its own date and signal-key indexes). Signals are read by note id only (the primary key's
-- prefix), notes by note id only. Each of these cost a btree insertion per row written: per note, one on each of
-- three notes indexes and two on every one of its tens of signal rows.
DROP INDEX signals_kind_assertion_date;
DROP INDEX signals_note_date;
DROP INDEX notes_note_date;
DROP INDEX notes_type_date;
DROP INDEX notes_patient;
