-- Breakdown rollups of visitor history (issue 14): per UTC quarter hour, hour and day, per
-- dimension and value, the figures a breakdown row shows, maintained by record_visitor_events in
-- the same transaction as the events. Unfiltered breakdowns, and timeseries with one filter, read
-- them (visitor-breakdowns.repository.ts); the rules are the raw reads' (visitor-history.repository.ts):
-- - pageviews (and visitors) count at the pageview's instant, under the pageview's page for
--   `page` and under the session's value for every other dimension;
-- - sessions, bounces and duration count at the session's start, under the session's value (for
--   `page`: under every page the session viewed). They change when a later batch extends a visit,
--   so, as in visitor_minutes, a touched session's old contribution is taken out and its new one
--   put in; a pageview whose session's value changed (an exit page, a late first event) moves.
-- - visitors are a HyperLogLog sketch (precision 11: 2,048 registers, standard error
--   1.04/sqrt(2048) = 2.3 %), kept as 20 slices of 2,048 bits: bit r of slice k is set when a
--   visitor with register r and rank k was seen. Merging two sketches is then their bitwise OR
--   (bit_or, in C); a register's HyperLogLog value is its highest slice set, so the estimator's
--   input — registers with a value >= k — is bit_count of the OR of slices k…20
--   (visitor_sketch_slices; the estimate itself is visitor-sketch.ts). Ranks are capped at 20
--   (exact enough far beyond 10 M visitors a cell). A sketch only grows: a visitor whose session
--   moved to another value (an exit page that changed) stays in the old value's sketch too.

CREATE TABLE "visitor_breakdowns" (
  "dimension" TEXT NOT NULL,
  -- 'quarter' | 'hour' | 'day'; bucket is the unit's UTC start.
  "unit" TEXT NOT NULL,
  "bucket" TIMESTAMPTZ(0) NOT NULL,
  "site" TEXT NOT NULL,
  -- NULL: unknown (a direct visit's referrer).
  "value" TEXT,
  "pageviews" INTEGER NOT NULL,
  "sessions" INTEGER NOT NULL,
  "bounces" INTEGER NOT NULL,
  "duration_ms" BIGINT NOT NULL,
  "visitors" BIT(40960) NOT NULL
);
CREATE UNIQUE INDEX "visitor_breakdowns_key" ON "visitor_breakdowns" ("dimension", "unit", "bucket", "site", "value") NULLS NOT DISTINCT;

-- A visitor's place in a sketch: (rank - 1) * 2048 + register, where the register is the low 11
-- bits of a 64-bit hash and the rank 1 + the trailing zeros of its next 53 bits, at most 20. One
-- expression (the argument used twice is a column), so the planner inlines it.
CREATE FUNCTION "visitor_sketch_position"(visitor TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (least(20, coalesce(nullif(position('1' IN reverse(((hashtextextended(visitor, 0) >> 11)::bit(53))::text)), 0), 20)) - 1) * 2048
         + (hashtextextended(visitor, 0) & 2047)::int
$$;

-- The sketch holding the given positions: built as text in one pass (a set_bit per position would
-- copy the 5 KB value each time).
CREATE FUNCTION "visitor_sketch"(positions INTEGER[]) RETURNS BIT(40960) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT rpad(coalesce(string_agg(repeat('0', p - previous - 1) || '1', '' ORDER BY p), ''), 40960, '0')::bit(40960)
  FROM (SELECT p, lag(p, 1, -1) OVER (ORDER BY p) AS previous FROM (SELECT DISTINCT unnest(positions) AS p) AS distinct_positions
        WHERE p IS NOT NULL) AS ordered
$$;

-- Registers with a HyperLogLog value >= 1, 2, … 20 (the estimator's input).
CREATE FUNCTION "visitor_sketch_slices"(sketch BIT(40960)) RETURNS INTEGER[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(bit_count(suffix)::int ORDER BY k) FROM (
    SELECT k, bit_or(substring(sketch FROM (j - 1) * 2048 + 1 FOR 2048)) AS suffix
    FROM generate_series(1, 20) AS k JOIN generate_series(1, 20) AS j ON j >= k
    GROUP BY k
  ) AS slices
$$;

-- Adds figure rows to the rollups: per row a site, instant, dimension, value, figures and the
-- visitor to add to the value's sketch (NULL: none). Cells are upserted in key order.
CREATE FUNCTION "visitor_breakdowns_add"(
  r_sites TEXT[], r_at TIMESTAMPTZ[], r_dimensions TEXT[], r_values TEXT[], r_pageviews INTEGER[],
  r_sessions INTEGER[], r_bounces INTEGER[], r_duration BIGINT[], r_positions INTEGER[]
) RETURNS VOID LANGUAGE sql AS $$
  WITH cells AS (
    SELECT u.unit, date_bin(u.width, r.at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, r.site, r.dimension, r.value,
      sum(r.pageviews)::int AS pageviews, sum(r.sessions)::int AS sessions, sum(r.bounces)::int AS bounces,
      sum(r.duration_ms)::bigint AS duration_ms, array_agg(r.position) FILTER (WHERE r.position IS NOT NULL) AS positions
    FROM unnest(r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions)
      AS r(site, at, dimension, value, pageviews, sessions, bounces, duration_ms, position)
    CROSS JOIN (VALUES ('quarter', interval '15 minutes'), ('hour', interval '1 hour'), ('day', interval '1 day')) AS u(unit, width)
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO visitor_breakdowns AS b (dimension, unit, bucket, site, value, pageviews, sessions, bounces, duration_ms, visitors)
  SELECT dimension, unit, bucket, site, value, pageviews, sessions, bounces, duration_ms, visitor_sketch(positions)
  FROM cells
  WHERE positions IS NOT NULL OR pageviews <> 0 OR sessions <> 0 OR bounces <> 0 OR duration_ms <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (dimension, unit, bucket, site, value) DO UPDATE SET
    pageviews = b.pageviews + EXCLUDED.pageviews,
    sessions = b.sessions + EXCLUDED.sessions,
    bounces = b.bounces + EXCLUDED.bounces,
    duration_ms = b.duration_ms + EXCLUDED.duration_ms,
    visitors = b.visitors | EXCLUDED.visitors
$$;

-- What one batch changes in the breakdowns: the touched sessions' new contribution in, the old one
-- (ps_*: the pre-existing ones as they were) out. Pageviews stored before are read back only for
-- sessions that existed before, and count again only where their value changed.
CREATE FUNCTION "visitor_breakdowns_record"(
  pv_ids UUID[], pv_sites TEXT[], pv_sessions TEXT[], pv_at TIMESTAMPTZ[], pv_pages TEXT[], pv_visitors TEXT[],
  t_sites TEXT[], t_sessions TEXT[],
  ps_sites TEXT[], ps_sessions TEXT[], ps_started TIMESTAMPTZ[], ps_ended TIMESTAMPTZ[], ps_pageviews INTEGER[],
  ps_entry TEXT[], ps_exit TEXT[], ps_referrers TEXT[], ps_countries TEXT[], ps_devices TEXT[], ps_browsers TEXT[], ps_oses TEXT[]
) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  r_sites TEXT[]; r_at TIMESTAMPTZ[]; r_dimensions TEXT[]; r_values TEXT[]; r_pageviews INTEGER[];
  r_sessions INTEGER[]; r_bounces INTEGER[]; r_duration BIGINT[]; r_positions INTEGER[];
BEGIN
  WITH now_state AS (
    SELECT s.site, s.session_id, s.started_at, s.ended_at, s.pageviews, s.entry_page, s.exit_page, s.referrer,
           s.country, s.device, s.browser, s.os
    FROM unnest(t_sites, t_sessions) AS t(site, session_id)
    JOIN visitor_sessions s ON s.site = t.site AND s.session_id = t.session_id
  ), old_state AS (
    SELECT * FROM unnest(ps_sites, ps_sessions, ps_started, ps_ended, ps_pageviews, ps_entry, ps_exit, ps_referrers,
                         ps_countries, ps_devices, ps_browsers, ps_oses)
      AS o(site, session_id, started_at, ended_at, pageviews, entry_page, exit_page, referrer, country, device, browser, os)
    WHERE o.pageviews > 0
  ), fresh AS (
    SELECT f.*, visitor_sketch_position(f.visitor) AS position
    FROM unnest(pv_ids, pv_sites, pv_sessions, pv_at, pv_pages, pv_visitors) AS f(id, site, session_id, at, page, visitor)
  ), earlier AS (
    SELECT e.site, e.session_id, e.occurred_at AS at, e.page, visitor_sketch_position(e.visitor_id) AS position
    FROM old_state o JOIN visitor_events e ON e.site = o.site AND e.session_id = o.session_id AND e.name = 'pageview'
      AND e.occurred_at >= o.started_at AND e.occurred_at <= o.ended_at
    WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.id = e.id)
  ), old_pages AS (
    SELECT DISTINCT site, session_id, page FROM earlier
  ), now_pages AS (
    SELECT site, session_id, page FROM old_pages
    UNION SELECT site, session_id, page FROM fresh
  ), figure_rows AS (
    -- Pageviews stored now, under the session's values now.
    SELECT f.site, f.at, d.dimension, d.value, 1 AS pageviews, 0 AS sessions, 0 AS bounces, 0::bigint AS duration_ms, f.position
    FROM fresh f JOIN now_state n ON n.site = f.site AND n.session_id = f.session_id
    CROSS JOIN LATERAL (VALUES ('page', f.page), ('entry_page', n.entry_page), ('exit_page', n.exit_page),
      ('referrer', n.referrer), ('country', n.country), ('device', n.device), ('browser', n.browser), ('os', n.os)) AS d(dimension, value)
    UNION ALL
    -- Pageviews stored before whose session's value changed: out of the old value, into the new one.
    SELECT x.site, x.at, d.dimension, m.value, m.sign, 0, 0, 0, CASE WHEN m.sign = 1 THEN x.position END
    FROM earlier x
    JOIN now_state n ON n.site = x.site AND n.session_id = x.session_id
    JOIN old_state o ON o.site = x.site AND o.session_id = x.session_id
    CROSS JOIN LATERAL (VALUES ('entry_page', n.entry_page, o.entry_page), ('exit_page', n.exit_page, o.exit_page),
      ('referrer', n.referrer, o.referrer), ('country', n.country, o.country), ('device', n.device, o.device),
      ('browser', n.browser, o.browser), ('os', n.os, o.os)) AS d(dimension, now_value, old_value)
    CROSS JOIN LATERAL (VALUES (d.now_value, 1), (d.old_value, -1)) AS m(value, sign)
    WHERE d.now_value IS DISTINCT FROM d.old_value
    UNION ALL
    -- Session figures: the new contribution in (for `page`, under each page viewed)…
    SELECT n.site, n.started_at, d.dimension, d.value, 0, 1, (n.pageviews = 1)::int,
           round(extract(epoch FROM n.ended_at - n.started_at) * 1000)::bigint, NULL
    FROM now_state n
    CROSS JOIN LATERAL (VALUES ('entry_page', n.entry_page), ('exit_page', n.exit_page), ('referrer', n.referrer),
      ('country', n.country), ('device', n.device), ('browser', n.browser), ('os', n.os)) AS d(dimension, value)
    WHERE n.pageviews > 0
    UNION ALL
    SELECT n.site, n.started_at, 'page', p.page, 0, 1, (n.pageviews = 1)::int,
           round(extract(epoch FROM n.ended_at - n.started_at) * 1000)::bigint, NULL
    FROM now_state n JOIN now_pages p ON p.site = n.site AND p.session_id = n.session_id
    WHERE n.pageviews > 0
    UNION ALL
    -- … and the old one out.
    SELECT o.site, o.started_at, d.dimension, d.value, 0, -1, -(o.pageviews = 1)::int,
           -round(extract(epoch FROM o.ended_at - o.started_at) * 1000)::bigint, NULL
    FROM old_state o
    CROSS JOIN LATERAL (VALUES ('entry_page', o.entry_page), ('exit_page', o.exit_page), ('referrer', o.referrer),
      ('country', o.country), ('device', o.device), ('browser', o.browser), ('os', o.os)) AS d(dimension, value)
    UNION ALL
    SELECT o.site, o.started_at, 'page', p.page, 0, -1, -(o.pageviews = 1)::int,
           -round(extract(epoch FROM o.ended_at - o.started_at) * 1000)::bigint, NULL
    FROM old_state o JOIN old_pages p ON p.site = o.site AND p.session_id = o.session_id
  )
  SELECT array_agg(site), array_agg(at), array_agg(dimension), array_agg(value), array_agg(pageviews), array_agg(sessions),
         array_agg(bounces), array_agg(duration_ms), array_agg(position)
  INTO r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions
  FROM figure_rows;

  IF r_sites IS NOT NULL THEN
    PERFORM visitor_breakdowns_add(r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions);
  END IF;
END $$;

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
  -- For the breakdown rollups: the sessions this batch touched, the pre-existing ones as they were,
  -- and the ids, sessions and pages of the pageviews inserted now (aligned with pv_at).
  t_sites TEXT[];
  t_sessions TEXT[];
  ps_sites TEXT[];
  ps_sessions TEXT[];
  ps_started TIMESTAMPTZ[];
  ps_ended TIMESTAMPTZ[];
  ps_pageviews INTEGER[];
  ps_entry TEXT[];
  ps_exit TEXT[];
  ps_referrers TEXT[];
  ps_countries TEXT[];
  ps_devices TEXT[];
  ps_browsers TEXT[];
  ps_oses TEXT[];
  pv_ids UUID[];
  pv_sessions TEXT[];
  pv_pages TEXT[];
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
    SELECT s.site, s.session_id, s.started_at, s.ended_at, s.pageviews, s.entry_page, s.exit_page, s.referrer,
           s.country, s.device, s.browser, s.os
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
    (SELECT array_agg(id) FROM inserted WHERE name = 'pageview'),
    (SELECT array_agg(session_id) FROM inserted WHERE name = 'pageview'),
    (SELECT array_agg(page) FROM inserted WHERE name = 'pageview'),
    (SELECT array_agg(site) FROM per_session),
    (SELECT array_agg(session_id) FROM per_session),
    pr.sites, pr.sessions, pr.started, pr.ended, pr.pageviews, pr.entry, pr.exit, pr.referrers, pr.countries,
    pr.devices, pr.browsers, pr.oses,
    d.sites, d.minutes, d.sessions, d.bounces, d.duration
  INTO stored, pv_at, pv_sites, pv_visitors, pv_ids, pv_sessions, pv_pages, t_sites, t_sessions,
    ps_sites, ps_sessions, ps_started, ps_ended, ps_pageviews, ps_entry, ps_exit, ps_referrers, ps_countries,
    ps_devices, ps_browsers, ps_oses,
    sd_sites, sd_minutes, sd_sessions, sd_bounces, sd_duration
  FROM (
    SELECT array_agg(site) AS sites, array_agg(session_id) AS sessions, array_agg(started_at) AS started,
           array_agg(ended_at) AS ended, array_agg(pageviews) AS pageviews, array_agg(entry_page) AS entry,
           array_agg(exit_page) AS exit, array_agg(referrer) AS referrers, array_agg(country) AS countries,
           array_agg(device) AS devices, array_agg(browser) AS browsers, array_agg(os) AS oses
    FROM previous
  ) AS pr, (
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

  -- The breakdowns first: they read pv_visitors as ids, before the ordinals replace the order below.
  PERFORM visitor_breakdowns_record(pv_ids, pv_sites, pv_sessions, pv_at, pv_pages, pv_visitors, t_sites, t_sessions,
    ps_sites, ps_sessions, ps_started, ps_ended, ps_pageviews, ps_entry, ps_exit, ps_referrers, ps_countries,
    ps_devices, ps_browsers, ps_oses);

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


-- What was stored before this migration, rolled up the same way, a UTC day at a time.
DO $$
DECLARE
  day DATE;
  r_sites TEXT[]; r_at TIMESTAMPTZ[]; r_dimensions TEXT[]; r_values TEXT[]; r_pageviews INTEGER[];
  r_sessions INTEGER[]; r_bounces INTEGER[]; r_duration BIGINT[]; r_positions INTEGER[];
BEGIN
  FOR day IN SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM visitor_events ORDER BY 1 LOOP
    WITH figure_rows AS (
      SELECT e.site, e.occurred_at AS at, d.dimension, d.value, 1 AS pageviews, 0 AS sessions, 0 AS bounces,
             0::bigint AS duration_ms, visitor_sketch_position(e.visitor_id) AS position
      FROM visitor_events e JOIN visitor_sessions s ON s.site = e.site AND s.session_id = e.session_id
      CROSS JOIN LATERAL (VALUES ('page', e.page), ('entry_page', s.entry_page), ('exit_page', s.exit_page),
        ('referrer', s.referrer), ('country', s.country), ('device', s.device), ('browser', s.browser), ('os', s.os)) AS d(dimension, value)
      WHERE e.name = 'pageview' AND e.occurred_at >= day::timestamp AT TIME ZONE 'UTC'
        AND e.occurred_at < (day + 1)::timestamp AT TIME ZONE 'UTC'
      UNION ALL
      SELECT s.site, s.started_at, d.dimension, d.value, 0, 1, (s.pageviews = 1)::int,
             round(extract(epoch FROM s.ended_at - s.started_at) * 1000)::bigint, NULL
      FROM visitor_sessions s
      CROSS JOIN LATERAL (
        SELECT v.dimension, v.value FROM (VALUES ('entry_page', s.entry_page), ('exit_page', s.exit_page), ('referrer', s.referrer),
          ('country', s.country), ('device', s.device), ('browser', s.browser), ('os', s.os)) AS v(dimension, value)
        UNION ALL
        SELECT DISTINCT 'page', e.page FROM visitor_events e
        WHERE e.site = s.site AND e.session_id = s.session_id AND e.name = 'pageview'
          AND e.occurred_at >= s.started_at AND e.occurred_at <= s.ended_at
      ) AS d
      WHERE s.pageviews > 0 AND s.started_at >= day::timestamp AT TIME ZONE 'UTC'
        AND s.started_at < (day + 1)::timestamp AT TIME ZONE 'UTC'
    )
    SELECT array_agg(site), array_agg(at), array_agg(dimension), array_agg(value), array_agg(pageviews), array_agg(sessions),
           array_agg(bounces), array_agg(duration_ms), array_agg(position)
    INTO r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions
    FROM figure_rows;
    IF r_sites IS NOT NULL THEN
      PERFORM visitor_breakdowns_add(r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions);
    END IF;
  END LOOP;
END $$;
