-- Organizers build their own events: venues get an owner, events a lifecycle
-- past `published` and a version, and the seat map's text gets the bounds
-- the organizer's API validates (named, so a violation is translated).

-- A venue belongs to the organizer who made it; admins manage every venue.
-- Venues made before organizers could make their own are given the one
-- organizer whose events use them, if there is exactly one; others stay
-- unowned, which only admins may use.
ALTER TABLE venues ADD COLUMN organizer_id text;
UPDATE venues v
   SET organizer_id = owners.organizer_id
  FROM (SELECT venue_id, min(organizer_id) AS organizer_id
          FROM events GROUP BY venue_id HAVING count(DISTINCT organizer_id) = 1) owners
 WHERE owners.venue_id = v.id;
CREATE INDEX venues_organizer_ix ON venues (organizer_id);
ALTER TABLE venues
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT venues_city_ck CHECK (length(city) BETWEEN 1 AND 200) NOT VALID,
  ADD CONSTRAINT venues_address_ck CHECK (length(address) <= 500) NOT VALID,
  ADD CONSTRAINT venues_timezone_ck CHECK (length(timezone) BETWEEN 1 AND 64) NOT VALID;

-- The lifecycle: draft -> published (listed) -> on_sale (its seat map is
-- final) -> ended; `cancelled` stays as it was. The public (catalog, holds)
-- treats published and on_sale alike.
ALTER TABLE events DROP CONSTRAINT events_status_ck;
ALTER TABLE events ADD CONSTRAINT events_status_ck
  CHECK (status IN ('draft', 'published', 'on_sale', 'ended', 'cancelled'));
-- Bumped by every change of the event or its seat map: the entity tag of both.
ALTER TABLE events
  ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT events_version_ck CHECK (version > 0),
  ADD CONSTRAINT events_description_ck CHECK (length(description) <= 5000) NOT VALID;

ALTER TABLE price_tiers
  ADD CONSTRAINT price_tiers_name_ck CHECK (length(name) BETWEEN 1 AND 100) NOT VALID,
  ADD CONSTRAINT price_tiers_currency_ck CHECK (currency ~ '^[A-Z]{3}$') NOT VALID;

ALTER TABLE sections
  ADD CONSTRAINT sections_name_ck CHECK (length(name) BETWEEN 1 AND 100) NOT VALID;

ALTER TABLE seats
  ADD CONSTRAINT seats_label_ck CHECK (length(seat_label) BETWEEN 1 AND 20 AND length(row_label) <= 20) NOT VALID;
