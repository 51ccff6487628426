-- Face-value transfers of a ticket from one fan to another (booking/src/transfers/README.md).

-- The organizer's switch and deadline. A null deadline means "until the event starts".
ALTER TABLE events
  ADD COLUMN transfers_enabled boolean NOT NULL DEFAULT true,
  ADD COLUMN transfer_deadline timestamptz;

-- One offer to hand a ticket to whoever signs in with `to_email` (lower-cased) and accepts it.
CREATE TABLE ticket_transfers (
  id              uuid PRIMARY KEY,
  ticket_id       uuid NOT NULL CONSTRAINT ticket_transfers_ticket_fk REFERENCES tickets (id),
  event_id        uuid NOT NULL CONSTRAINT ticket_transfers_event_fk REFERENCES events (id),
  from_user_id    text NOT NULL,
  from_email      text,
  from_name       text,
  to_email        text NOT NULL CONSTRAINT ticket_transfers_to_email_ck
                  CHECK (to_email = lower(to_email) AND length(to_email) BETWEEN 3 AND 254),
  to_user_id      text,
  status          text NOT NULL DEFAULT 'pending'
                  CONSTRAINT ticket_transfers_status_ck CHECK (status IN ('pending', 'accepted', 'cancelled')),
  -- The ticket's version when the transfer was offered; acceptance issues the next one.
  from_version    integer NOT NULL,
  to_version      integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  decided_at      timestamptz
);
-- At most one open transfer per ticket: the database's own guard against two concurrent offers.
CREATE UNIQUE INDEX ticket_transfers_one_pending_uq ON ticket_transfers (ticket_id) WHERE status = 'pending';
CREATE INDEX ticket_transfers_to_email_ix ON ticket_transfers (to_email, created_at DESC) WHERE status = 'pending';
CREATE INDEX ticket_transfers_from_user_ix ON ticket_transfers (from_user_id, created_at DESC);
