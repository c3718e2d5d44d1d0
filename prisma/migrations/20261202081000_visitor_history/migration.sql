-- Visitor analytics history (seed 002). Written and read with SQL, not Prisma (the raw table is
-- partitioned by day, which Prisma does not model); the schema differ treats these tables as
-- external (packages/db/src/migrations/schema-differ.ts).

-- Every event the collector accepted, one partition per UTC day; retention drops whole partitions.
-- Deduplication: a unique key on a partitioned table must hold the partition key, so it is
-- (occurred_at, id). A redelivered record is the same record (same id, same occurred_at), so it
-- collides in the same partition and is skipped.
CREATE TABLE "visitor_events" (
  "id" UUID NOT NULL,
  "occurred_at" TIMESTAMPTZ(3) NOT NULL,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "site" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "visitor_id" TEXT NOT NULL,
  "session_id" TEXT NOT NULL,
  "page" TEXT NOT NULL,
  "referrer" TEXT,
  "country" TEXT,
  "device" TEXT,
  "browser" TEXT,
  "os" TEXT,
  "engaged_ms" INTEGER,
  "props" JSONB,
  PRIMARY KEY ("occurred_at", "id")
) PARTITION BY RANGE ("occurred_at");
-- A session's pageviews (the `page` filter on session figures, the page breakdown's sessions).
CREATE INDEX "visitor_events_session_idx" ON "visitor_events" ("site", "session_id", "occurred_at");

-- One row per visit, upserted in the same statement as its events: bounce rate (one pageview) and
-- visit duration (first to last event) are exact, and session filters (entry and exit page, and
-- the referrer, country, device, browser and OS of the visit's first event) are one row each.
CREATE TABLE "visitor_sessions" (
  "site" TEXT NOT NULL,
  "session_id" TEXT NOT NULL,
  "visitor_id" TEXT NOT NULL,
  "started_at" TIMESTAMPTZ(3) NOT NULL,
  "ended_at" TIMESTAMPTZ(3) NOT NULL,
  -- The first and last pageview (null until the visit has one).
  "entry_page" TEXT,
  "entry_at" TIMESTAMPTZ(3),
  "exit_page" TEXT,
  "exit_at" TIMESTAMPTZ(3),
  "pageviews" INTEGER NOT NULL,
  "events" INTEGER NOT NULL,
  "engaged_ms" BIGINT NOT NULL,
  "referrer" TEXT,
  "country" TEXT,
  "device" TEXT,
  "browser" TEXT,
  "os" TEXT,
  PRIMARY KEY ("site", "session_id")
);
CREATE INDEX "visitor_sessions_started_idx" ON "visitor_sessions" ("started_at");

-- The partition of visitor_events holding one UTC day, created when first needed.
CREATE FUNCTION "visitor_events_partition"(p_day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  partition_name TEXT := 'visitor_events_' || to_char(p_day, 'YYYYMMDD');
BEGIN
  IF to_regclass(partition_name) IS NULL THEN
    BEGIN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF visitor_events FOR VALUES FROM (%L) TO (%L)',
        partition_name, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    EXCEPTION WHEN duplicate_table THEN
      NULL;
    END;
  END IF;
END $$;

-- One batch: the events not stored before, and their sessions, in one statement. Only events that
-- were inserted now change a session, so a redelivered batch changes nothing. Returns the ids
-- stored now. Events may arrive out of order: a session keeps its earliest entry and first-event
-- attributes and its latest exit, whichever batch brought them.
CREATE FUNCTION "record_visitor_events"(
  p_ids UUID[],
  p_occurred TIMESTAMPTZ[],
  p_sites TEXT[],
  p_names TEXT[],
  p_visitors TEXT[],
  p_sessions TEXT[],
  p_pages TEXT[],
  p_referrers TEXT[],
  p_countries TEXT[],
  p_devices TEXT[],
  p_browsers TEXT[],
  p_oses TEXT[],
  p_engaged INTEGER[],
  p_props JSONB[]
) RETURNS UUID[] LANGUAGE plpgsql AS $$
DECLARE
  partition_day DATE;
  stored UUID[];
BEGIN
  FOR partition_day IN SELECT DISTINCT (occurred AT TIME ZONE 'UTC')::date FROM unnest(p_occurred) AS occurred LOOP
    PERFORM visitor_events_partition(partition_day);
  END LOOP;

  WITH inserted AS (
    INSERT INTO visitor_events (id, occurred_at, site, name, visitor_id, session_id, page, referrer, country, device, browser, os, engaged_ms, props)
    SELECT * FROM unnest(p_ids, p_occurred, p_sites, p_names, p_visitors, p_sessions, p_pages, p_referrers,
                         p_countries, p_devices, p_browsers, p_oses, p_engaged, p_props)
    ON CONFLICT (occurred_at, id) DO NOTHING
    RETURNING *
  ), per_session AS (
    SELECT site, session_id,
      (array_agg(visitor_id ORDER BY occurred_at, id))[1] AS visitor_id,
      min(occurred_at) AS started_at,
      max(occurred_at) AS ended_at,
      (array_agg(page ORDER BY occurred_at, id) FILTER (WHERE name = 'pageview'))[1] AS entry_page,
      min(occurred_at) FILTER (WHERE name = 'pageview') AS entry_at,
      (array_agg(page ORDER BY occurred_at DESC, id DESC) FILTER (WHERE name = 'pageview'))[1] AS exit_page,
      max(occurred_at) FILTER (WHERE name = 'pageview') AS exit_at,
      count(*) FILTER (WHERE name = 'pageview')::int AS pageviews,
      count(*)::int AS events,
      coalesce(sum(engaged_ms), 0)::bigint AS engaged_ms,
      (array_agg(referrer ORDER BY occurred_at, id))[1] AS referrer,
      (array_agg(country ORDER BY occurred_at, id))[1] AS country,
      (array_agg(device ORDER BY occurred_at, id))[1] AS device,
      (array_agg(browser ORDER BY occurred_at, id))[1] AS browser,
      (array_agg(os ORDER BY occurred_at, id))[1] AS os,
      array_agg(id) AS ids
    FROM inserted GROUP BY site, session_id
  ), upserted AS (
    INSERT INTO visitor_sessions AS s (site, session_id, visitor_id, started_at, ended_at, entry_page, entry_at,
      exit_page, exit_at, pageviews, events, engaged_ms, referrer, country, device, browser, os)
    SELECT site, session_id, visitor_id, started_at, ended_at, entry_page, entry_at, exit_page, exit_at,
      pageviews, events, engaged_ms, referrer, country, device, browser, os
    FROM per_session ORDER BY site, session_id
    ON CONFLICT (site, session_id) DO UPDATE SET
      started_at = LEAST(s.started_at, EXCLUDED.started_at),
      ended_at = GREATEST(s.ended_at, EXCLUDED.ended_at),
      entry_page = CASE WHEN EXCLUDED.entry_at < s.entry_at OR s.entry_at IS NULL THEN EXCLUDED.entry_page ELSE s.entry_page END,
      entry_at = CASE WHEN EXCLUDED.entry_at < s.entry_at OR s.entry_at IS NULL THEN EXCLUDED.entry_at ELSE s.entry_at END,
      exit_page = CASE WHEN EXCLUDED.exit_at >= s.exit_at OR s.exit_at IS NULL THEN coalesce(EXCLUDED.exit_page, s.exit_page) ELSE s.exit_page END,
      exit_at = CASE WHEN EXCLUDED.exit_at >= s.exit_at OR s.exit_at IS NULL THEN coalesce(EXCLUDED.exit_at, s.exit_at) ELSE s.exit_at END,
      pageviews = s.pageviews + EXCLUDED.pageviews,
      events = s.events + EXCLUDED.events,
      engaged_ms = s.engaged_ms + EXCLUDED.engaged_ms,
      visitor_id = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.visitor_id ELSE s.visitor_id END,
      referrer = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.referrer ELSE s.referrer END,
      country = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.country ELSE s.country END,
      device = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.device ELSE s.device END,
      browser = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.browser ELSE s.browser END,
      os = CASE WHEN EXCLUDED.started_at < s.started_at THEN EXCLUDED.os ELSE s.os END
    RETURNING 1
  )
  -- A data-modifying WITH runs to completion whether or not the result reads it.
  SELECT coalesce(array_agg(id), '{}') INTO stored FROM (SELECT unnest(ids) AS id FROM per_session) AS ids;
  RETURN stored;
END $$;
