-- Officer sign-in (docs/officer-pins.md): the server checks PINs online and counts failures per
-- officer; kiosks no longer receive any PIN verifier, only, for officers with a badge, one that
-- needs PIN and badge together.

ALTER TABLE officers ADD COLUMN role text NOT NULL DEFAULT 'officer' CHECK (role IN ('officer', 'supervisor', 'it'));
-- Wrong PINs in a row (any kiosk of the office); a right one or a new PIN sets it back to 0.
ALTER TABLE officers ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0);
-- No PIN is checked before this (the growing delay from the 3rd failure in a row).
ALTER TABLE officers ADD COLUMN next_attempt_at timestamptz;
-- Set at the 10th failure in a row; only officer-unlock (or a new PIN) clears it.
ALTER TABLE officers ADD COLUMN locked_at timestamptz;
-- Offline sign-in, all three set or none: sha256 of the badge secret with a tag (badgeIdOf), the
-- scrypt salt (hex) and scrypt(badge secret || PIN) (hex). The badge secret itself is kept nowhere.
ALTER TABLE officers ADD COLUMN badge_id text;
ALTER TABLE officers ADD COLUMN offline_salt text;
ALTER TABLE officers ADD COLUMN offline_key text;
ALTER TABLE officers ADD CONSTRAINT officers_offline_complete
  CHECK ((badge_id IS NULL) = (offline_salt IS NULL) AND (badge_id IS NULL) = (offline_key IS NULL));

-- Every PIN check and every change to an officer's sign-in, for the back office; never a PIN.
CREATE TABLE officer_sign_in_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  office_code text NOT NULL,
  officer_id text NOT NULL,
  -- The kiosk that asked; null for what IT did (pin_set, unlocked).
  device_id text REFERENCES devices (id),
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'refused', 'wait', 'locked', 'inactive', 'pin_set', 'unlocked')),
  consecutive_failures integer NOT NULL,
  at timestamptz NOT NULL,
  FOREIGN KEY (office_code, officer_id) REFERENCES officers (office_code, id)
);
CREATE INDEX officer_sign_in_events_officer ON officer_sign_in_events (office_code, officer_id, seq);
