-- Admins and gate staff: scans at the door, the gate list's change feed,
-- back-office requests that must run once, event cancellations, and the
-- indexes the admin's searches and the audit log's filters need.

-- Which device admitted a ticket (`used_gate` and `used_at` already exist),
-- and the transaction that last changed what a gate must know of it (its
-- version, status or use). A gate list's delta is every ticket whose change
-- came from a transaction at or after the reader's cursor, a snapshot's xmin
-- (booking/src/gate-list/README.md): sequences are handed out before commit
-- and would let a slow commit slip under a cursor; transaction ids compared
-- with a snapshot's xmin cannot.
ALTER TABLE tickets
  ADD COLUMN used_device text,
  ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX tickets_event_change_ix ON tickets (event_id, changed_xid);

-- A trigger rather than each statement's own SET, so no path that changes a
-- ticket (refund, reissue, admission, a future one) can forget to tell the gates.
CREATE FUNCTION tickets_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id();
  RETURN NEW;
END
$$;
CREATE TRIGGER tickets_mark_changed_tg
  BEFORE UPDATE OF version, status, used_at ON tickets
  FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.used_at IS DISTINCT FROM NEW.used_at)
  EXECUTE FUNCTION tickets_mark_changed();

-- Every scan a gate reported, online or uploaded after an outage. A device's
-- nonce names one scan: a retry of it finds this row and is told `answer`
-- again. `admitted` is whether the person walked in on this scan (online: the
-- conditional admission won; offline: the device said valid).
CREATE TABLE scans (
  id           uuid PRIMARY KEY,
  -- The device's event, or the code's own when the device names none; null only for an unreadable code.
  event_id     uuid CONSTRAINT scans_event_fk REFERENCES events (id),
  ticket_id    uuid CONSTRAINT scans_ticket_fk REFERENCES tickets (id),
  code_version integer,
  gate_id      text NOT NULL CONSTRAINT scans_gate_ck CHECK (length(gate_id) BETWEEN 1 AND 100),
  device_id    text NOT NULL CONSTRAINT scans_device_ck CHECK (length(device_id) BETWEEN 1 AND 100),
  nonce        text NOT NULL CONSTRAINT scans_nonce_ck CHECK (length(nonce) BETWEEN 1 AND 100),
  mode         text NOT NULL CONSTRAINT scans_mode_ck CHECK (mode IN ('online', 'offline')),
  result       text NOT NULL CONSTRAINT scans_result_ck
               CHECK (result IN ('valid', 'already_used', 'revoked', 'reissued', 'wrong_event', 'invalid')),
  admitted     boolean NOT NULL,
  scanned_by   text NOT NULL,
  scanned_at   timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  answer       jsonb NOT NULL,
  CONSTRAINT scans_device_nonce_uq UNIQUE (device_id, nonce)
);
CREATE INDEX scans_ticket_admitted_ix ON scans (ticket_id) WHERE admitted;
CREATE INDEX scans_event_time_ix ON scans (event_id, scanned_at);

-- A back-office request that must take effect once (a refund the admin
-- double-clicked, a retried reissue): the first answer, kept per actor and key.
CREATE TABLE back_office_requests (
  actor_id         text NOT NULL,
  idempotency_key  text NOT NULL CONSTRAINT back_office_requests_key_ck CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  action           text NOT NULL,
  fingerprint      text NOT NULL,
  answer           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT back_office_requests_pk PRIMARY KEY (actor_id, idempotency_key)
);

-- Who cancelled an event, when and why; its orders are refunded after it.
CREATE TABLE event_cancellations (
  event_id      uuid NOT NULL CONSTRAINT event_cancellations_event_fk REFERENCES events (id),
  actor_id      text NOT NULL,
  reason        text NOT NULL CONSTRAINT event_cancellations_reason_ck CHECK (length(reason) BETWEEN 1 AND 500),
  cancelled_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_cancellations_pk PRIMARY KEY (event_id)
);

-- The admin's order search: by e-mail (orders_email_ix exists) and by any part of a name.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX orders_name_trgm_ix ON orders USING gin (lower(user_name) gin_trgm_ops);
CREATE INDEX orders_created_ix ON orders (created_at DESC, id DESC);

-- An order's timeline reads the messages about it; only rows that name an order are indexed.
CREATE INDEX outbox_order_ix ON outbox ((payload -> 'data' ->> 'orderId'))
  WHERE (payload -> 'data' ->> 'orderId') IS NOT NULL;

-- The audit log's filters, newest first.
CREATE INDEX audit_log_at_ix ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_ix ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_action_ix ON audit_log (action, at DESC);
