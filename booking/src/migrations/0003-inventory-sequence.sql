-- A number per drop that grows by one with every published inventory
-- change, carried in the `drop.inventory` message: consumers order reports
-- by it rather than by the clock of whichever sweeper process wrote them.
-- The advisory lock and the conditional upsert already make each change
-- recorded once, so each number is used once.
ALTER TABLE drop_inventory_state
  ADD COLUMN sequence bigint NOT NULL DEFAULT 0
  CONSTRAINT drop_inventory_state_sequence_ck CHECK (sequence >= 0);
