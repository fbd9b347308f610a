-- A note carries tens of signals, and the foreign key checked every signal row against notes (a lookup and a row
-- lock each), which was a third of the sink's write time. The sink writes a note's signals in the same transaction
-- as the note, after it, so the check never fired; a statement-level trigger keeps the cascade on delete, so erasing
-- a note still erases its signals.
ALTER TABLE signals DROP CONSTRAINT signals_note_id_fkey;

CREATE FUNCTION signals_follow_deleted_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM signals s USING deleted_notes d WHERE s.note_id = d.note_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER notes_delete_signals AFTER DELETE ON notes
    REFERENCING OLD TABLE AS deleted_notes
    FOR EACH STATEMENT EXECUTE FUNCTION signals_follow_deleted_notes();
