-- Rollups of visitor history (seed 002, issue 14), maintained by record_visitor_events in the same
-- statement-group (one call, one transaction) as the events they count. Unfiltered timeseries and
-- range totals read these instead of the raw events; filtered reads and breakdowns still read the
-- raw tables (visitor-history.repository.ts). Buckets are UTC instants from date_bin, never
-- date_trunc on timestamptz (which follows the connection's TimeZone).

-- A small dense number per visitor: distinct visitors are sets of these (arrays and bitmaps).
-- Kept past the events' retention (one row per visitor ever seen; a returning visitor keeps its number).
CREATE TABLE "visitor_ordinals" (
  "visitor_id" TEXT PRIMARY KEY,
  "ordinal" SERIAL NOT NULL UNIQUE
);

-- Per site and UTC minute (every zone's buckets are whole minutes): pageviews that happened in it,
-- its distinct visitors (sorted ordinals), and the figures of the sessions that *started* in it
-- (sessions with a pageview, bounces, summed duration). Session figures change when a later batch
-- extends a session, so they are kept as deltas: the session's old contribution out, its new one in.
CREATE TABLE "visitor_minutes" (
  "site" TEXT NOT NULL,
  "minute" TIMESTAMPTZ(0) NOT NULL,
  "pageviews" INTEGER NOT NULL,
  "visitors" INTEGER[] NOT NULL,
  "sessions" INTEGER NOT NULL,
  "bounces" INTEGER NOT NULL,
  "duration_ms" BIGINT NOT NULL,
  PRIMARY KEY ("minute", "site")
);

-- Distinct visitors per quarter hour and per hour: a bucket of any zone (offsets are whole quarter
-- hours) is a few of these, so its visitors are a union of a few arrays, not of 60 or 1,440.
CREATE TABLE "visitor_quarter_visitors" (
  "site" TEXT NOT NULL,
  "quarter" TIMESTAMPTZ(0) NOT NULL,
  "visitors" INTEGER[] NOT NULL,
  PRIMARY KEY ("quarter", "site")
);
CREATE TABLE "visitor_hour_visitors" (
  "site" TEXT NOT NULL,
  "hour" TIMESTAMPTZ(0) NOT NULL,
  "visitors" INTEGER[] NOT NULL,
  PRIMARY KEY ("hour", "site")
);

-- The same presence per UTC day as bitmaps, 4,096 ordinals a row: distinct visitors over many days
-- is bit_or + bit_count over a few hundred rows, however many events there were.
CREATE TABLE "visitor_day_visitors" (
  "site" TEXT NOT NULL,
  "day" DATE NOT NULL,
  "chunk" INTEGER NOT NULL,
  "visitors" BIT(4096) NOT NULL,
  PRIMARY KEY ("day", "site", "chunk")
);

-- The reads' raw edges (a range's sub-minute ends) look sessions up by start.
-- visitor_sessions_started_idx (started_at) already serves them.

-- Sorted distinct union of two ordinal arrays.
CREATE FUNCTION "visitor_ordinals_union"(a INTEGER[], b INTEGER[]) RETURNS INTEGER[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT o ORDER BY o), '{}') FROM unnest(a || b) AS o
$$;

CREATE OR REPLACE FUNCTION "record_visitor_events"(
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
  -- The pageviews inserted now (a redelivered one is not), for the pageview rollups.
  pv_at TIMESTAMPTZ[];
  pv_sites TEXT[];
  pv_visitors TEXT[];
  pv_ordinals INTEGER[];
  -- Per (site, start minute): the change in session figures this batch made.
  sd_sites TEXT[];
  sd_minutes TIMESTAMPTZ[];
  sd_sessions INTEGER[];
  sd_bounces INTEGER[];
  sd_duration BIGINT[];
  origin CONSTANT TIMESTAMPTZ := TIMESTAMPTZ '2000-01-01 00:00:00+00';
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
  ), previous AS (
    -- The sessions as they were before this statement (every sub-statement sees that snapshot).
    SELECT s.site, s.started_at, s.ended_at, s.pageviews
    FROM visitor_sessions s JOIN per_session p ON p.site = s.site AND p.session_id = s.session_id
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
    RETURNING s.site, s.started_at, s.ended_at, s.pageviews
  ), contributions AS (
    -- A session counts (in its start minute) once it has a pageview: old contribution out, new in.
    SELECT site, started_at, ended_at, pageviews, -1 AS sign FROM previous WHERE pageviews > 0
    UNION ALL
    SELECT site, started_at, ended_at, pageviews, 1 FROM upserted WHERE pageviews > 0
  ), session_deltas AS (
    SELECT site, date_bin('1 minute', started_at, origin) AS minute,
      sum(sign)::int AS sessions,
      sum(sign * (pageviews = 1)::int)::int AS bounces,
      sum(sign * round(extract(epoch FROM ended_at - started_at) * 1000))::bigint AS duration_ms
    FROM contributions GROUP BY 1, 2
  )
  -- A data-modifying WITH runs to completion whether or not the result reads it.
  SELECT
    (SELECT coalesce(array_agg(id), '{}') FROM (SELECT unnest(ids) AS id FROM per_session) AS ids),
    (SELECT array_agg(occurred_at) FROM inserted WHERE name = 'pageview'),
    (SELECT array_agg(site) FROM inserted WHERE name = 'pageview'),
    (SELECT array_agg(visitor_id) FROM inserted WHERE name = 'pageview'),
    d.sites, d.minutes, d.sessions, d.bounces, d.duration
  INTO stored, pv_at, pv_sites, pv_visitors, sd_sites, sd_minutes, sd_sessions, sd_bounces, sd_duration
  FROM (
    SELECT array_agg(site) AS sites, array_agg(minute) AS minutes, array_agg(sessions) AS sessions,
           array_agg(bounces) AS bounces, array_agg(duration_ms) AS duration
    FROM session_deltas WHERE sessions <> 0 OR bounces <> 0 OR duration_ms <> 0
  ) AS d;

  IF pv_at IS NULL AND sd_sites IS NULL THEN
    RETURN stored;
  END IF;

  -- New visitors get the next ordinals (known ones are not offered, so the sequence has no gaps
  -- but for races).
  INSERT INTO visitor_ordinals (visitor_id)
  SELECT v FROM (SELECT DISTINCT v FROM unnest(pv_visitors) AS v) AS distinct_visitors
  WHERE NOT EXISTS (SELECT 1 FROM visitor_ordinals o WHERE o.visitor_id = v)
  ORDER BY v
  ON CONFLICT (visitor_id) DO NOTHING;

  SELECT array_agg(x.site ORDER BY x.n), array_agg(x.at ORDER BY x.n), array_agg(o.ordinal ORDER BY x.n)
  INTO pv_sites, pv_at, pv_ordinals
  FROM unnest(pv_sites, pv_at, pv_visitors) WITH ORDINALITY AS x(site, at, visitor, n)
  JOIN visitor_ordinals o ON o.visitor_id = x.visitor;

  -- Each upsert takes its rows in key order, so concurrent batches cannot deadlock.
  INSERT INTO visitor_minutes AS m (site, minute, pageviews, visitors, sessions, bounces, duration_ms)
  SELECT coalesce(pv.site, sd.site), coalesce(pv.minute, sd.minute), coalesce(pv.pageviews, 0), coalesce(pv.visitors, '{}'),
         coalesce(sd.sessions, 0), coalesce(sd.bounces, 0), coalesce(sd.duration_ms, 0)
  FROM (
    SELECT site, date_bin('1 minute', at, origin) AS minute, count(*)::int AS pageviews,
           array_agg(DISTINCT ordinal ORDER BY ordinal) AS visitors
    FROM unnest(pv_sites, pv_at, pv_ordinals) AS b(site, at, ordinal) GROUP BY 1, 2
  ) AS pv
  FULL JOIN (
    SELECT * FROM unnest(sd_sites, sd_minutes, sd_sessions, sd_bounces, sd_duration) AS d(site, minute, sessions, bounces, duration_ms)
  ) AS sd ON sd.site = pv.site AND sd.minute = pv.minute
  ORDER BY 2, 1
  ON CONFLICT (minute, site) DO UPDATE SET
    pageviews = m.pageviews + EXCLUDED.pageviews,
    visitors = CASE WHEN cardinality(EXCLUDED.visitors) = 0 THEN m.visitors ELSE visitor_ordinals_union(m.visitors, EXCLUDED.visitors) END,
    sessions = m.sessions + EXCLUDED.sessions,
    bounces = m.bounces + EXCLUDED.bounces,
    duration_ms = m.duration_ms + EXCLUDED.duration_ms;

  INSERT INTO visitor_quarter_visitors AS q (site, quarter, visitors)
  SELECT site, date_bin('15 minutes', at, origin), array_agg(DISTINCT ordinal ORDER BY ordinal)
  FROM unnest(pv_sites, pv_at, pv_ordinals) AS b(site, at, ordinal) GROUP BY 1, 2 ORDER BY 2, 1
  ON CONFLICT (quarter, site) DO UPDATE SET visitors = visitor_ordinals_union(q.visitors, EXCLUDED.visitors);

  INSERT INTO visitor_hour_visitors AS h (site, hour, visitors)
  SELECT site, date_bin('1 hour', at, origin), array_agg(DISTINCT ordinal ORDER BY ordinal)
  FROM unnest(pv_sites, pv_at, pv_ordinals) AS b(site, at, ordinal) GROUP BY 1, 2 ORDER BY 2, 1
  ON CONFLICT (hour, site) DO UPDATE SET visitors = visitor_ordinals_union(h.visitors, EXCLUDED.visitors);

  INSERT INTO visitor_day_visitors AS d (site, day, chunk, visitors)
  SELECT site, (at AT TIME ZONE 'UTC')::date, ordinal >> 12, bit_or(set_bit(B'0'::bit(4096), ordinal & 4095, 1))
  FROM unnest(pv_sites, pv_at, pv_ordinals) AS b(site, at, ordinal) GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
  ON CONFLICT (day, site, chunk) DO UPDATE SET visitors = d.visitors | EXCLUDED.visitors;

  RETURN stored;
END $$;

-- What was stored before this migration, rolled up the same way.
INSERT INTO visitor_ordinals (visitor_id)
SELECT visitor_id FROM visitor_events WHERE name = 'pageview' GROUP BY visitor_id ORDER BY min(occurred_at), visitor_id;

INSERT INTO visitor_minutes (site, minute, pageviews, visitors, sessions, bounces, duration_ms)
SELECT coalesce(pv.site, sd.site), coalesce(pv.minute, sd.minute), coalesce(pv.pageviews, 0), coalesce(pv.visitors, '{}'),
       coalesce(sd.sessions, 0), coalesce(sd.bounces, 0), coalesce(sd.duration_ms, 0)
FROM (
  SELECT e.site, date_bin('1 minute', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS minute, count(*)::int AS pageviews,
         array_agg(DISTINCT o.ordinal ORDER BY o.ordinal) AS visitors
  FROM visitor_events e JOIN visitor_ordinals o ON o.visitor_id = e.visitor_id
  WHERE e.name = 'pageview' GROUP BY 1, 2
) AS pv
FULL JOIN (
  SELECT site, date_bin('1 minute', started_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS minute, count(*)::int AS sessions,
         (count(*) FILTER (WHERE pageviews = 1))::int AS bounces,
         sum(round(extract(epoch FROM ended_at - started_at) * 1000))::bigint AS duration_ms
  FROM visitor_sessions WHERE pageviews > 0 GROUP BY 1, 2
) AS sd ON sd.site = pv.site AND sd.minute = pv.minute;

INSERT INTO visitor_quarter_visitors (site, quarter, visitors)
SELECT e.site, date_bin('15 minutes', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), array_agg(DISTINCT o.ordinal ORDER BY o.ordinal)
FROM visitor_events e JOIN visitor_ordinals o ON o.visitor_id = e.visitor_id WHERE e.name = 'pageview' GROUP BY 1, 2;

INSERT INTO visitor_hour_visitors (site, hour, visitors)
SELECT e.site, date_bin('1 hour', e.occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), array_agg(DISTINCT o.ordinal ORDER BY o.ordinal)
FROM visitor_events e JOIN visitor_ordinals o ON o.visitor_id = e.visitor_id WHERE e.name = 'pageview' GROUP BY 1, 2;

INSERT INTO visitor_day_visitors (site, day, chunk, visitors)
SELECT e.site, (e.occurred_at AT TIME ZONE 'UTC')::date, o.ordinal >> 12, bit_or(set_bit(B'0'::bit(4096), o.ordinal & 4095, 1))
FROM visitor_events e JOIN visitor_ordinals o ON o.visitor_id = e.visitor_id WHERE e.name = 'pageview' GROUP BY 1, 2, 3;
