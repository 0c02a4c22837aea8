-- Queue numbers (Nomor Antrian): one counter per office, office day and lane, shared by every
-- kiosk of the office; and each kiosk's number in its office, which a kiosk puts in the numbers it
-- issues from its own range while it cannot reach this server (A-K2-005).

-- Kiosks enrolled before this migration are numbered in the order they were enrolled.
ALTER TABLE devices ADD COLUMN kiosk_number integer;
UPDATE devices AS d SET kiosk_number = n.number
  FROM (SELECT id, row_number() OVER (PARTITION BY office_code ORDER BY enrolled_at, id) AS number FROM devices) AS n
  WHERE d.id = n.id;
ALTER TABLE devices ALTER COLUMN kiosk_number SET NOT NULL;
ALTER TABLE devices ADD CONSTRAINT devices_kiosk_number CHECK (kiosk_number BETWEEN 1 AND 999);
ALTER TABLE devices ADD CONSTRAINT devices_office_kiosk_number UNIQUE (office_code, kiosk_number);

-- The last number issued per lane: taking one is a single INSERT … ON CONFLICT DO UPDATE, whose
-- row lock makes kiosks asking at the same moment take turns, and which rolls back with the
-- ticket it was taken for, so a number is never skipped.
CREATE TABLE queue_counters (
  office_code text NOT NULL,
  -- The office day, YYYY-MM-DD in the office's time zone (text: no driver turns it into a UTC instant).
  day text NOT NULL,
  lane text NOT NULL,
  last_sequence integer NOT NULL CHECK (last_sequence >= 1),
  PRIMARY KEY (office_code, day, lane)
);

CREATE TABLE queue_tickets (
  office_code text NOT NULL,
  day text NOT NULL,
  number text NOT NULL,
  source text NOT NULL CHECK (source IN ('central', 'kiosk')),
  lane text NOT NULL,
  sequence integer NOT NULL CHECK (sequence >= 1),
  desk text NOT NULL,
  priority boolean NOT NULL,
  device_id text NOT NULL REFERENCES devices (id),
  -- The kiosk's idempotency key for this ticket.
  request_id text NOT NULL,
  -- Server time for central numbers; the kiosk's time for its own (what the ticket printed).
  issued_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  -- Set by the officer side (later): a called ticket no longer counts as waiting ahead.
  called_at timestamptz,
  -- A central number whose answer the kiosk gave up waiting for: the resident holds this
  -- kiosk-issued number instead, so the central one is nobody's and does not count as waiting.
  superseded_by text,
  PRIMARY KEY (office_code, day, number)
);
-- A kiosk's retry of a central number gets the same ticket.
CREATE UNIQUE INDEX queue_tickets_central_request ON queue_tickets (device_id, request_id) WHERE source = 'central';
-- "Ahead" counts only the exceptions (domain/queue-numbers.ts, aheadOf): central numbers no longer
-- waiting, and kiosk-issued ones still waiting. Both indexes stay small whatever the day's queue.
CREATE INDEX queue_tickets_central_gone ON queue_tickets (office_code, day, lane, sequence)
  WHERE source = 'central' AND (called_at IS NOT NULL OR superseded_by IS NOT NULL);
CREATE INDEX queue_tickets_kiosk_waiting ON queue_tickets (office_code, day, lane, issued_at)
  WHERE source = 'kiosk' AND called_at IS NULL;
