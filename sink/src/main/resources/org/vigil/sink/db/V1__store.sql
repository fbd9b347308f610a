-- The sink's store: one row per de-identified note, its signals and its risk tier, plus the dashboard's own tables.
-- Every table is keyed so that a replayed assessment overwrites its earlier results instead of adding rows.

CREATE TABLE notes (
    note_id              text        PRIMARY KEY,
    patient_pseudonym    text        NOT NULL,
    encounter_pseudonym  text,
    note_type            text        NOT NULL,
    author_role          text,
    note_date            timestamptz,                       -- already shifted by the de-identifier
    note_text            text        NOT NULL,              -- de-identified text only
    attributes           jsonb       NOT NULL DEFAULT '{}', -- non-identifying group attributes (sex, ageBand, ...)
    sex                  text GENERATED ALWAYS AS (attributes ->> 'sex') STORED,
    age_band             text GENERATED ALWAYS AS (attributes ->> 'ageBand') STORED,
    unit                 text GENERATED ALWAYS AS (attributes ->> 'unit') STORED,
    phi_counts           jsonb       NOT NULL DEFAULT '{}',
    deid_ruleset_version text        NOT NULL,
    deid_mode            text        NOT NULL,
    source_adapter       text        NOT NULL,
    source_partition     integer     NOT NULL,
    source_offset        bigint      NOT NULL,
    stored_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_note_date ON notes (note_date);
CREATE INDEX notes_patient ON notes (patient_pseudonym);
CREATE INDEX notes_type_date ON notes (note_type, note_date);

CREATE TABLE signals (
    note_id        text             NOT NULL REFERENCES notes (note_id) ON DELETE CASCADE,
    ordinal        integer          NOT NULL,
    kind           text             NOT NULL,
    assertion      text             NOT NULL,
    confidence     double precision NOT NULL,
    evidence_start integer          NOT NULL,
    evidence_end   integer          NOT NULL,
    evidence_text  text             NOT NULL,
    section        text,
    source         text             NOT NULL,
    source_version text             NOT NULL,
    -- Copy of notes.note_date: the trend query groups signals by week without joining every note.
    note_date      timestamptz,
    PRIMARY KEY (note_id, ordinal),
    CHECK (evidence_start >= 0 AND evidence_end >= evidence_start)
);
CREATE INDEX signals_kind_assertion_date ON signals (kind, assertion, note_date);
CREATE INDEX signals_note_date ON signals (note_date);

CREATE TABLE risk_tiers (
    note_id     text        PRIMARY KEY REFERENCES notes (note_id) ON DELETE CASCADE,
    tier        text        NOT NULL CHECK (tier IN ('NONE', 'LOW', 'MODERATE', 'HIGH', 'IMMINENT')),
    reasons     text[]      NOT NULL,
    backend     text        NOT NULL,
    assessed_at timestamptz NOT NULL
);
CREATE INDEX risk_tiers_tier ON risk_tiers (tier);

-- Notes whose tier is HIGH or IMMINENT, waiting for (or given) a clinician's adjudication.
CREATE TABLE alerts (
    note_id   text        PRIMARY KEY REFERENCES notes (note_id) ON DELETE CASCADE,
    tier      text        NOT NULL CHECK (tier IN ('HIGH', 'IMMINENT')),
    raised_at timestamptz NOT NULL,
    status    text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ADJUDICATED'))
);
CREATE INDEX alerts_status_raised ON alerts (status, raised_at DESC);

CREATE TABLE api_tokens (
    id           bigserial   PRIMARY KEY,
    label        text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('analyst', 'clinician', 'researcher', 'admin')),
    token_sha256 bytea       NOT NULL UNIQUE,   -- the token itself is shown once and never stored
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

CREATE TABLE adjudications (
    id             bigserial   PRIMARY KEY,
    note_id        text        NOT NULL REFERENCES notes (note_id),
    verdict        text        NOT NULL CHECK (verdict IN ('TRUE_POSITIVE', 'FALSE_POSITIVE')),
    reason         text,
    risk_tier      text        NOT NULL,
    reviewer_role  text        NOT NULL,
    reviewer_token bigint      NOT NULL REFERENCES api_tokens (id),
    adjudicated_at timestamptz NOT NULL,
    published_at   timestamptz,                  -- null until the feedback topic acknowledged it (outbox)
    CHECK (verdict = 'TRUE_POSITIVE' OR reason IS NOT NULL)
);
CREATE INDEX adjudications_note ON adjudications (note_id);
CREATE INDEX adjudications_unpublished ON adjudications (id) WHERE published_at IS NULL;

CREATE TABLE cohorts (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    criteria      jsonb       NOT NULL,
    created_by    bigint      NOT NULL REFERENCES api_tokens (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Who saw or exported what, and when. Append-only: the trigger below refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE access_audit (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    token_id    bigint,
    token_label text,
    role        text,
    action      text        NOT NULL,
    target      text,
    outcome     text        NOT NULL
);
CREATE INDEX access_audit_at ON access_audit (at DESC);

CREATE FUNCTION access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER access_audit_no_update BEFORE UPDATE OR DELETE ON access_audit
    FOR EACH ROW EXECUTE FUNCTION access_audit_append_only();
CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON access_audit
    FOR EACH STATEMENT EXECUTE FUNCTION access_audit_append_only();
