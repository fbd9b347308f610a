-- Tokens end: each has an expiry, set when it is issued (sink.token.ttl.days, 90 by default). Tokens issued before
-- this version get the default lifetime from the upgrade, so an upgrade locks no one out at once.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
-- When the token was last used (to the hour: see Tokens), for the admins' list and to spot tokens nobody uses.
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
