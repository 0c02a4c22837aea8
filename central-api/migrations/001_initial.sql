-- Tuntun central API, first schema. Runs on PostgreSQL 15+ and PGlite alike.
-- Timestamps the server makes are timestamptz; timestamps a kiosk sends are kept as the text it
-- sent (inside the JSON, or as text), so an odd but valid value can never fail an insert.

CREATE TABLE devices (
  id text PRIMARY KEY,
  office_code text NOT NULL,
  name text NOT NULL,
  -- The HMAC key (32 bytes, base64url). The server must be able to recompute signatures, so it
  -- keeps the key itself, not a hash of it.
  secret text NOT NULL,
  app_version text NOT NULL,
  enrolled_at timestamptz NOT NULL,
  last_seen_at timestamptz,
  last_heartbeat jsonb,
  last_heartbeat_at timestamptz
);
CREATE INDEX devices_office ON devices (office_code);

CREATE TABLE enrolment_tokens (
  -- sha256 hex of the token: a database dump does not hand out working tokens.
  token_hash text PRIMARY KEY,
  office_code text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id text REFERENCES devices (id)
);

-- A nonce is stored until its request's timestamp leaves the skew window; after that the
-- timestamp check refuses a replay anyway. The primary key is the replay check.
CREATE TABLE nonces (
  device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX nonces_expires ON nonces (expires_at);

CREATE TABLE submissions (
  -- The kiosk's id exactly as sent (text, not uuid: no case folding behind the kiosk's back).
  id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  office_code text NOT NULL,
  tracking_code text NOT NULL,
  content_hash text NOT NULL,
  body jsonb NOT NULL,
  saved_at text NOT NULL,
  state text NOT NULL CHECK (state IN ('received', 'processed', 'rejected')),
  note text,
  officer_id text,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX submissions_office ON submissions (office_code, received_at);
CREATE INDEX submissions_tracking ON submissions (tracking_code);

-- Other versions uploaded under an existing id, kept for an officer; one row per distinct content.
CREATE TABLE submission_conflicts (
  submission_id text NOT NULL REFERENCES submissions (id),
  content_hash text NOT NULL,
  device_id text NOT NULL REFERENCES devices (id),
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (submission_id, content_hash)
);

-- Every state a submission reaches; seq is the cursor of GET /v1/submissions/changes.
CREATE TABLE submission_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  device_id text NOT NULL REFERENCES devices (id),
  state text NOT NULL CHECK (state IN ('received', 'processed', 'rejected')),
  note text,
  officer_id text,
  changed_at timestamptz NOT NULL
);
CREATE INDEX submission_events_device ON submission_events (device_id, seq);

-- Each device's hash chain of officer actions, verified link by link on arrival.
CREATE TABLE audit_entries (
  device_id text NOT NULL REFERENCES devices (id),
  seq bigint NOT NULL CHECK (seq >= 1),
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  entry jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, seq)
);

CREATE TABLE help_requests (
  id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  office_code text NOT NULL,
  asked_at text NOT NULL,
  screen text NOT NULL,
  service_id text,
  received_at timestamptz NOT NULL
);
CREATE INDEX help_requests_office ON help_requests (office_code, received_at);

CREATE TABLE officers (
  office_code text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (office_code, id)
);

-- Keys the server signs with, made on first start; in the database so a restart (or a second
-- server on the same PostgreSQL) signs with the same key the kiosks learnt at enrolment.
CREATE TABLE server_keys (
  purpose text PRIMARY KEY,
  private_key_pem text NOT NULL,
  public_key text NOT NULL,
  created_at timestamptz NOT NULL
);

-- When each office's catalogue content last changed: issuedAt stays the same while the content
-- does, and only moves forward (kiosks refuse an older catalogue as a replay).
CREATE TABLE catalogue_versions (
  office_code text PRIMARY KEY,
  version text NOT NULL,
  issued_at timestamptz NOT NULL
);
