-- A uuid whose first 48 bits are the time in milliseconds (the layout of RFC 9562's version 7), for rows a hold
-- writes in bulk: their index entries land at the right end of each index instead of on a random leaf page, which
-- after every checkpoint would be a full-page image in the WAL. Measured on a hold: 7 to 8 full-page images and
-- about 45 kB of WAL with random ids, 2 to 3 and about 15 kB with these.
CREATE FUNCTION time_ordered_uuid() RETURNS uuid
LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
           PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
           FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- Placing a hold in one round trip (holds/README.md, "How a hold is placed").
--
-- place_hold reads the event, the drop and the seats (or the section). When a
-- check that needs no lock fails, among them a seat already held or sold, it
-- answers 'refused' with what it read and returns: no lock taken, nothing
-- written, so no transaction id and no commit to flush. Otherwise it takes the
-- fan lock and the inventory locks in the global order (holds/locks.ts),
-- re-checks the drop window, the fan's seats and every seat under those locks
-- (FOR UPDATE), and only then inserts the hold, takes the seats, records
-- hold_seats and writes `seat.held` and `hold.created` to the outbox. The
-- caller runs it as one auto-committed statement and wakes the relay after
-- the commit: nothing here NOTIFYs.
--
-- The admission token is verified by the caller (a key-set fetch never
-- happens in the database); p_admission_drop is the drop of a token already
-- verified for this fan and event, or NULL. The refusals' codes and wording
-- are the caller's (holds/service.ts): this function only says which check
-- stopped it and hands back what it read.
--
-- VOLATILE: every statement takes a fresh snapshot (READ COMMITTED), so the
-- re-checks after the locks see what the lock holders before committed.
--
-- Every statement runs on a generic plan, made once per session without the
-- parameters' values (plan_cache_mode below): PL/pgSQL would otherwise plan
-- the statements that read seats again on every call, which made a losing
-- call cost twice the CPU (measured with pgbench on a refused seat). So the
-- statements are written for plans that do not depend on the values: the
-- requested seats are read by their primary key alone behind an `OFFSET 0`
-- fence, and a section's places by the section alone, because next to
-- `event_id = p_event_id` a generic plan may scan every unsold seat of the
-- event instead (measured: 20,000 rows and 80 ms a call on a fresh table).
CREATE FUNCTION place_hold(
  p_event_id uuid,
  p_drop_id uuid,
  p_user_id text,
  p_seat_ids uuid[],
  p_section_id uuid,
  p_quantity integer,
  p_admission_drop uuid,
  p_admission_max_seats integer,
  p_admission_jti text
) RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_status text;
  d drops%ROWTYPE;
  v_open boolean := false;
  v_ok boolean := false;
  v_key bigint;
  v_limit integer;
  v_hold_seconds integer;
  v_owned integer;
  v_free uuid[];
  v_hold_id uuid := time_ordered_uuid();
  v_expires timestamptz;
  v_expires_text text;
  v_event_seats jsonb;
  v_seats jsonb;
  v_taken integer;
BEGIN
  -- 1. Everything that can be refused from a read.
  SELECT e.status INTO v_status FROM events e WHERE e.id = p_event_id;
  IF FOUND THEN
    SELECT dr.* INTO d FROM drops dr
     WHERE dr.event_id = p_event_id AND (p_drop_id IS NULL OR dr.id = p_drop_id)
     ORDER BY (dr.opens_at <= now() AND (dr.closes_at IS NULL OR dr.closes_at > now()) AND NOT dr.paused) DESC,
              dr.opens_at DESC
     LIMIT 1;
    v_open := FOUND AND d.opens_at <= now() AND (d.closes_at IS NULL OR d.closes_at > now()) AND NOT d.paused;
  END IF;
  -- The public statuses of events/status.ts.
  v_ok := v_open AND v_status IN ('published', 'on_sale')
      AND p_quantity <= d.per_user_limit
      AND (NOT d.queue_enabled OR (p_admission_drop = d.id AND p_quantity <= p_admission_max_seats));
  IF v_ok THEN
    IF p_section_id IS NULL THEN
      v_ok := (SELECT count(*) FROM (SELECT * FROM seats WHERE id = ANY (p_seat_ids) OFFSET 0) s
                 JOIN sections sec ON sec.id = s.section_id
                WHERE s.event_id = p_event_id AND sec.kind <> 'general'
                  AND (s.drop_id IS NULL OR s.drop_id = d.id)
                  AND (s.status = 'available' OR (s.status = 'held' AND s.held_until <= now())))
              = cardinality(p_seat_ids);
    ELSE
      v_ok := EXISTS (SELECT 1 FROM sections sec
                       WHERE sec.id = p_section_id AND sec.event_id = p_event_id AND sec.kind = 'general');
    END IF;
  END IF;
  IF NOT coalesce(v_ok, false) THEN
    RETURN jsonb_build_object(
      'outcome', 'refused',
      'eventId', CASE WHEN v_status IS NOT NULL THEN p_event_id END,
      'eventStatus', v_status,
      'drop', CASE WHEN d.id IS NOT NULL THEN jsonb_build_object(
        'id', d.id, 'queueEnabled', d.queue_enabled, 'perUserLimit', d.per_user_limit, 'open', v_open,
        'paused', d.paused, 'opensAtMs', (extract(epoch FROM d.opens_at) * 1000)::float8,
        'closesAtMs', (extract(epoch FROM d.closes_at) * 1000)::float8) END,
      'seats', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'id', s.id, 'eventId', s.event_id, 'sectionId', s.section_id, 'kind', sec.kind,
                  'free', coalesce((s.status = 'available' OR (s.status = 'held' AND s.held_until <= now()))
                                   AND (s.drop_id IS NULL OR s.drop_id = d.id), false))), '[]'::jsonb)
                  FROM (SELECT * FROM seats WHERE id = ANY (p_seat_ids) OFFSET 0) s
                  JOIN sections sec ON sec.id = s.section_id),
      'section', (SELECT jsonb_build_object('id', sec.id, 'eventId', sec.event_id, 'kind', sec.kind)
                    FROM sections sec WHERE sec.id = p_section_id));
  END IF;

  -- 2. The locks, in the one global order: the fan, then the inventory keys ascending.
  PERFORM pg_advisory_xact_lock(hashtext(d.id::text), hashtext(p_user_id));
  FOR v_key IN
    SELECT DISTINCT ('x' || left(replace(k::text, '-', ''), 16))::bit(64)::bigint AS key
      FROM unnest(CASE WHEN p_section_id IS NULL THEN p_seat_ids ELSE ARRAY[p_section_id] END) AS k
     ORDER BY key
  LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;

  -- 3. Under the locks: the drop window, the fan's seats, then the seats themselves.
  SELECT dr.per_user_limit, dr.hold_seconds,
         dr.opens_at <= now() AND (dr.closes_at IS NULL OR dr.closes_at > now()) AND NOT dr.paused
    INTO v_limit, v_hold_seconds, v_open
    FROM drops dr WHERE dr.id = d.id;
  IF NOT coalesce(v_open, false) THEN
    RETURN jsonb_build_object('outcome', 'drop_closed', 'dropId', d.id);
  END IF;
  SELECT (SELECT coalesce(sum(h.seat_count), 0) FROM holds h
           WHERE h.drop_id = d.id AND h.user_id = p_user_id AND h.status = 'active' AND h.expires_at > now())
       + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
           WHERE o.drop_id = d.id AND o.user_id = p_user_id AND t.status = 'valid')
       + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
           WHERE t.user_id = p_user_id AND o.user_id <> p_user_id AND o.drop_id = d.id AND t.status = 'valid')
    INTO v_owned;
  IF v_owned + p_quantity > v_limit THEN
    RETURN jsonb_build_object('outcome', 'over_limit', 'dropId', d.id, 'owned', v_owned, 'limit', v_limit);
  END IF;
  IF p_section_id IS NULL THEN
    SELECT coalesce(array_agg(c.id), '{}') INTO v_free FROM (
      SELECT s.id FROM (SELECT * FROM seats WHERE id = ANY (p_seat_ids) OFFSET 0 FOR UPDATE) s
       WHERE s.event_id = p_event_id AND (s.drop_id IS NULL OR s.drop_id = d.id)
         AND (s.status = 'available' OR (s.status = 'held' AND s.held_until <= now()))) c;
  ELSE
    -- General admission: any free places; the section lock serialises pickers.
    SELECT coalesce(array_agg(c.id), '{}') INTO v_free FROM (
      -- IS NOT DISTINCT FROM: the same test as `=` here (neither side is null), but never an index condition.
      SELECT s.id FROM seats s
       WHERE s.section_id = p_section_id AND s.event_id IS NOT DISTINCT FROM p_event_id
         AND (s.drop_id IS NULL OR s.drop_id = d.id)
         AND (s.status = 'available' OR (s.status = 'held' AND s.held_until <= now()))
       LIMIT p_quantity
         FOR UPDATE OF s SKIP LOCKED) c;
  END IF;
  IF cardinality(v_free) <> p_quantity THEN
    RETURN jsonb_build_object('outcome', 'unavailable', 'dropId', d.id, 'freeSeatIds', to_jsonb(v_free));
  END IF;

  -- 4. The writes: the hold, its seats, their links and the two messages.
  INSERT INTO holds (id, event_id, drop_id, user_id, seat_count, admission_jti, expires_at)
  VALUES (v_hold_id, p_event_id, d.id, p_user_id, p_quantity,
          CASE WHEN d.queue_enabled THEN p_admission_jti END, now() + make_interval(secs => v_hold_seconds))
  RETURNING expires_at INTO v_expires;
  v_expires_text := to_char(v_expires AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  WITH taken AS (
    UPDATE seats s
       SET status = 'held', hold_id = v_hold_id, held_until = v_expires, version = s.version + 1, updated_at = now()
      FROM unnest(v_free) AS f(id)
     WHERE s.id = f.id AND (s.status = 'available' OR (s.status = 'held' AND s.held_until <= now()))
    RETURNING s.id, s.section_id, s.row_label, s.seat_label, s.price_tier_id, s.version
  ),
  -- A data-modifying CTE runs to completion whether or not it is read.
  linked AS (
    INSERT INTO hold_seats (hold_id, seat_id) SELECT v_hold_id, t.id FROM taken t
  )
  SELECT count(*),
         jsonb_agg(jsonb_build_object('seatId', t.id, 'sectionId', t.section_id, 'status', 'held',
                                      'version', t.version, 'heldUntil', v_expires_text) ORDER BY t.id),
         jsonb_agg(jsonb_build_object('seatId', t.id, 'sectionId', t.section_id, 'row', t.row_label,
                                      'label', t.seat_label, 'priceCents', pt.price_cents)
                   ORDER BY t.section_id, t.row_label, t.seat_label)
    INTO v_taken, v_event_seats, v_seats
    FROM taken t JOIN price_tiers pt ON pt.id = t.price_tier_id;
  IF v_taken <> p_quantity THEN
    -- The candidates were locked and free: this cannot happen. Undo everything.
    RAISE EXCEPTION 'hold % took % of % seats', v_hold_id, v_taken, p_quantity;
  END IF;
  INSERT INTO outbox (message_id, routing_key, payload)
  SELECT m.id, m.type,
         jsonb_build_object('id', m.id, 'type', m.type,
                            'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'data', m.data)
    FROM (VALUES
      (1, time_ordered_uuid(), 'seat.held',
       jsonb_build_object('eventId', p_event_id, 'dropId', d.id, 'seats', v_event_seats)),
      (2, time_ordered_uuid(), 'hold.created',
       jsonb_build_object('holdId', v_hold_id, 'eventId', p_event_id, 'dropId', d.id, 'userId', p_user_id,
                          'seatCount', p_quantity, 'expiresAt', v_expires_text))
    ) AS m(n, id, type, data)
   ORDER BY m.n;
  RETURN jsonb_build_object('outcome', 'placed', 'holdId', v_hold_id, 'dropId', d.id,
                            'expiresAt', v_expires_text, 'seats', v_seats);
END;
$$;
