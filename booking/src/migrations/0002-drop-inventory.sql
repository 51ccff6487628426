-- What booking last told the other services about each drop's inventory, so
-- the publisher writes a `drop.inventory` message only when the numbers move.
-- A compare-and-update on this row is what keeps several sweeper processes
-- from publishing the same numbers twice.
CREATE TABLE drop_inventory_state (
  drop_id       uuid NOT NULL CONSTRAINT drop_inventory_state_drop_fk REFERENCES drops (id) ON DELETE CASCADE,
  available     integer NOT NULL CONSTRAINT drop_inventory_state_available_ck CHECK (available >= 0),
  held          integer NOT NULL CONSTRAINT drop_inventory_state_held_ck CHECK (held >= 0),
  published_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT drop_inventory_state_pk PRIMARY KEY (drop_id)
);

-- Counting a drop's free and held seats reads only the unsold seats of its
-- event, from the index alone: sold and blocked seats are not in it, so the
-- count gets cheaper as the sale goes on.
CREATE INDEX seats_event_unsold_ix ON seats (event_id, status) INCLUDE (drop_id, held_until)
  WHERE status IN ('available', 'held');
