-- Keys compared byte by byte. Under the cluster's default collation (a libc locale such as C.UTF-8 or en_US.UTF-8)
-- every btree comparison of a text key went through strcoll: with tens of signal rows per note, key comparisons were
-- about a tenth of PostgreSQL's CPU while storing notes. Ids, kinds and assertions are ASCII codes that no one reads
-- in a language's order, so the "C" collation (memcmp) changes no result of the sink's queries.
ALTER TABLE signals       ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE risk_tiers    ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE alerts        ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE note_facts    ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE adjudications ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE notes         ALTER COLUMN note_id TYPE text COLLATE "C";
ALTER TABLE note_facts    ALTER COLUMN signal_keys TYPE text[] COLLATE "C";
ALTER TABLE signal_weeks  ALTER COLUMN kind TYPE text COLLATE "C",
                          ALTER COLUMN assertion TYPE text COLLATE "C",
                          ALTER COLUMN note_type TYPE text COLLATE "C",
                          ALTER COLUMN unit TYPE text COLLATE "C";

-- A de-identified note is a few kilobytes: past the default 2 kB threshold PostgreSQL compressed every note row
-- with pglz (4% of its CPU while storing notes) to keep it inline. Rows up to a page are now stored as written.
ALTER TABLE notes SET (toast_tuple_target = 8160);
