-- The booking core's schema. PostgreSQL is the only source of truth for
-- seats, holds, orders and tickets; every rule that can be a constraint is one,
-- and each constraint is named so the service can translate its violation.

CREATE TABLE venues (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CONSTRAINT venues_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  city        text NOT NULL,
  address     text NOT NULL DEFAULT '',
  timezone    text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
  id            uuid PRIMARY KEY,
  venue_id      uuid NOT NULL CONSTRAINT events_venue_fk REFERENCES venues (id),
  organizer_id  text NOT NULL,
  name          text NOT NULL CONSTRAINT events_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  description   text NOT NULL DEFAULT '',
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz,
  status        text NOT NULL DEFAULT 'draft'
                CONSTRAINT events_status_ck CHECK (status IN ('draft', 'published', 'cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_dates_ck CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX events_starts_at_ix ON events (starts_at);
CREATE INDEX events_organizer_ix ON events (organizer_id);

CREATE TABLE price_tiers (
  id           uuid PRIMARY KEY,
  event_id     uuid NOT NULL CONSTRAINT price_tiers_event_fk REFERENCES events (id) ON DELETE CASCADE,
  name         text NOT NULL,
  price_cents  integer NOT NULL CONSTRAINT price_tiers_price_ck CHECK (price_cents >= 0),
  currency     char(3) NOT NULL DEFAULT 'EUR',
  CONSTRAINT price_tiers_event_name_uq UNIQUE (event_id, name)
);

-- A section is reserved seating (named seats) or general admission (a
-- number of interchangeable places, each still a row in `seats`, so both
-- kinds share one inventory, one lock discipline and one ticket per place).
CREATE TABLE sections (
  id             uuid PRIMARY KEY,
  event_id       uuid NOT NULL CONSTRAINT sections_event_fk REFERENCES events (id) ON DELETE CASCADE,
  name           text NOT NULL,
  kind           text NOT NULL CONSTRAINT sections_kind_ck CHECK (kind IN ('reserved', 'general')),
  price_tier_id  uuid NOT NULL CONSTRAINT sections_price_tier_fk REFERENCES price_tiers (id),
  capacity       integer NOT NULL CONSTRAINT sections_capacity_ck CHECK (capacity >= 0),
  geometry       jsonb NOT NULL DEFAULT '{}',
  sort_order     integer NOT NULL DEFAULT 0,
  CONSTRAINT sections_event_name_uq UNIQUE (event_id, name)
);
CREATE INDEX sections_event_ix ON sections (event_id);

-- The sale: which part of the inventory is released, when, and how fast.
CREATE TABLE drops (
  id                       uuid PRIMARY KEY,
  event_id                 uuid NOT NULL CONSTRAINT drops_event_fk REFERENCES events (id) ON DELETE CASCADE,
  name                     text NOT NULL,
  size                     integer NOT NULL CONSTRAINT drops_size_ck CHECK (size >= 0),
  release_rate_per_minute  integer NOT NULL DEFAULT 600 CONSTRAINT drops_rate_ck CHECK (release_rate_per_minute > 0),
  max_active               integer NOT NULL DEFAULT 500 CONSTRAINT drops_max_active_ck CHECK (max_active > 0),
  hold_seconds             integer NOT NULL DEFAULT 600 CONSTRAINT drops_hold_seconds_ck CHECK (hold_seconds BETWEEN 30 AND 3600),
  per_user_limit           integer NOT NULL DEFAULT 4 CONSTRAINT drops_per_user_limit_ck CHECK (per_user_limit BETWEEN 1 AND 50),
  prequeue_opens_at        timestamptz,
  opens_at                 timestamptz NOT NULL,
  closes_at                timestamptz,
  queue_enabled            boolean NOT NULL DEFAULT true,
  paused                   boolean NOT NULL DEFAULT false,
  version                  integer NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT drops_window_ck CHECK (closes_at IS NULL OR closes_at > opens_at),
  CONSTRAINT drops_prequeue_ck CHECK (prequeue_opens_at IS NULL OR prequeue_opens_at <= opens_at)
);
CREATE INDEX drops_event_ix ON drops (event_id);

CREATE TABLE holds (
  id             uuid PRIMARY KEY,
  event_id       uuid NOT NULL CONSTRAINT holds_event_fk REFERENCES events (id),
  drop_id        uuid NOT NULL CONSTRAINT holds_drop_fk REFERENCES drops (id),
  user_id        text NOT NULL,
  status         text NOT NULL DEFAULT 'active'
                 CONSTRAINT holds_status_ck CHECK (status IN ('active', 'released', 'expired', 'converted')),
  seat_count     integer NOT NULL CONSTRAINT holds_seat_count_ck CHECK (seat_count > 0),
  admission_jti  text,
  expires_at     timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz
);
-- The per-fan cap counts a fan's live holds; the sweeper scans active holds by expiry.
CREATE INDEX holds_drop_user_active_ix ON holds (drop_id, user_id) WHERE status = 'active';
CREATE INDEX holds_active_expiry_ix ON holds (expires_at) WHERE status = 'active';

-- Every seat or general-admission place of an event, and its live state.
-- A seat is free when it is `available`, or `held` by a hold whose time is up:
-- expiry is a fact of the clock, not of a sweeper having run.
CREATE TABLE seats (
  id             uuid PRIMARY KEY,
  event_id       uuid NOT NULL CONSTRAINT seats_event_fk REFERENCES events (id) ON DELETE CASCADE,
  section_id     uuid NOT NULL CONSTRAINT seats_section_fk REFERENCES sections (id) ON DELETE CASCADE,
  drop_id        uuid CONSTRAINT seats_drop_fk REFERENCES drops (id) ON DELETE SET NULL,
  row_label      text NOT NULL DEFAULT '',
  seat_label     text NOT NULL,
  price_tier_id  uuid NOT NULL CONSTRAINT seats_price_tier_fk REFERENCES price_tiers (id),
  x              real,
  y              real,
  status         text NOT NULL DEFAULT 'available'
                 CONSTRAINT seats_status_ck CHECK (status IN ('available', 'held', 'sold', 'blocked')),
  hold_id        uuid CONSTRAINT seats_hold_fk REFERENCES holds (id),
  held_until     timestamptz,
  version        bigint NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT seats_section_label_uq UNIQUE (section_id, row_label, seat_label),
  CONSTRAINT seats_hold_state_ck CHECK ((status = 'held') = (hold_id IS NOT NULL AND held_until IS NOT NULL))
);
CREATE INDEX seats_event_ix ON seats (event_id);
CREATE INDEX seats_section_status_ix ON seats (section_id, status);
CREATE INDEX seats_hold_ix ON seats (hold_id) WHERE hold_id IS NOT NULL;

-- The seats a hold took, kept after they are released or re-taken.
CREATE TABLE hold_seats (
  hold_id  uuid NOT NULL CONSTRAINT hold_seats_hold_fk REFERENCES holds (id) ON DELETE CASCADE,
  seat_id  uuid NOT NULL CONSTRAINT hold_seats_seat_fk REFERENCES seats (id),
  CONSTRAINT hold_seats_pk PRIMARY KEY (hold_id, seat_id)
);
CREATE INDEX hold_seats_seat_ix ON hold_seats (seat_id);

CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  user_id          text NOT NULL,
  user_email       text,
  user_name        text,
  event_id         uuid NOT NULL CONSTRAINT orders_event_fk REFERENCES events (id),
  drop_id          uuid NOT NULL CONSTRAINT orders_drop_fk REFERENCES drops (id),
  hold_id          uuid NOT NULL CONSTRAINT orders_hold_fk REFERENCES holds (id),
  idempotency_key  text NOT NULL,
  status           text NOT NULL DEFAULT 'pending_payment'
                   CONSTRAINT orders_status_ck CHECK (status IN
                     ('pending_payment', 'paid', 'expired_not_charged', 'cancelled', 'refunded', 'partially_refunded')),
  total_cents      integer NOT NULL CONSTRAINT orders_total_ck CHECK (total_cents >= 0),
  refunded_cents   integer NOT NULL DEFAULT 0 CONSTRAINT orders_refunded_ck CHECK (refunded_cents BETWEEN 0 AND total_cents),
  currency         char(3) NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  paid_at          timestamptz,
  CONSTRAINT orders_user_idempotency_key_uq UNIQUE (user_id, idempotency_key),
  CONSTRAINT orders_hold_uq UNIQUE (hold_id)
);
CREATE INDEX orders_user_ix ON orders (user_id, created_at DESC);
CREATE INDEX orders_event_ix ON orders (event_id);
CREATE INDEX orders_email_ix ON orders (lower(user_email));

CREATE TABLE order_items (
  order_id     uuid NOT NULL CONSTRAINT order_items_order_fk REFERENCES orders (id) ON DELETE CASCADE,
  seat_id      uuid NOT NULL CONSTRAINT order_items_seat_fk REFERENCES seats (id),
  price_cents  integer NOT NULL CONSTRAINT order_items_price_ck CHECK (price_cents >= 0),
  CONSTRAINT order_items_pk PRIMARY KEY (order_id, seat_id)
);

CREATE TABLE payments (
  id              uuid PRIMARY KEY,
  order_id        uuid NOT NULL CONSTRAINT payments_order_fk REFERENCES orders (id),
  provider        text NOT NULL CONSTRAINT payments_provider_ck CHECK (provider IN ('stripe', 'dev')),
  provider_ref    text,
  status          text NOT NULL
                  CONSTRAINT payments_status_ck CHECK (status IN
                    ('requires_authorization', 'authorized', 'capture_queued', 'captured', 'cancelled', 'failed')),
  amount_cents    integer NOT NULL CONSTRAINT payments_amount_ck CHECK (amount_cents >= 0),
  refunded_cents  integer NOT NULL DEFAULT 0,
  currency        char(3) NOT NULL,
  client_secret   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_order_uq UNIQUE (order_id),
  CONSTRAINT payments_provider_ref_uq UNIQUE (provider, provider_ref)
);

-- One row per sold seat. A seat has at most one valid ticket, which is the
-- database's own guarantee that it is never sold twice.
CREATE TABLE tickets (
  id           uuid PRIMARY KEY,
  order_id     uuid NOT NULL CONSTRAINT tickets_order_fk REFERENCES orders (id),
  seat_id      uuid NOT NULL CONSTRAINT tickets_seat_fk REFERENCES seats (id),
  event_id     uuid NOT NULL CONSTRAINT tickets_event_fk REFERENCES events (id),
  user_id      text NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  status       text NOT NULL DEFAULT 'valid' CONSTRAINT tickets_status_ck CHECK (status IN ('valid', 'revoked')),
  issued_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  used_at      timestamptz,
  used_gate    text
);
CREATE UNIQUE INDEX tickets_seat_valid_uq ON tickets (seat_id) WHERE status = 'valid';
CREATE INDEX tickets_user_ix ON tickets (user_id);
CREATE INDEX tickets_order_ix ON tickets (order_id);
CREATE INDEX tickets_event_ix ON tickets (event_id);

-- Events written in the same transaction as the change they describe; the
-- relay publishes them to RabbitMQ and marks them, at least once.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  message_id    uuid NOT NULL CONSTRAINT outbox_message_id_uq UNIQUE,
  routing_key   text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  available_at  timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  published_at  timestamptz
);
CREATE INDEX outbox_pending_ix ON outbox (available_at, id) WHERE published_at IS NULL;

CREATE TABLE processed_webhooks (
  provider     text NOT NULL,
  event_id     text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT processed_webhooks_pk PRIMARY KEY (provider, event_id)
);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  actor_id      text NOT NULL,
  action        text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_subject_ix ON audit_log (subject_type, subject_id);
