-- Breakdown rollups (20261202174541_visitor_breakdowns): a HyperLogLog sketch only grows, so a
-- visitor whose visit moved to another value (a later batch changed its exit page, a late event its
-- entry page or first-event attributes) stayed in the old value's sketch. Now the quarter cells
-- pageviews moved out of are built again from the pageviews in them, and their hours and days
-- merged again from their quarters, in the same call: the sketches hold exactly the visitors of the
-- pageviews counted, as the sums do.

-- Only the quarter cells' sketches are built from positions; an hour's or day's is the OR of its
-- quarters' (in C): building every unit from positions took most of a batch's time.
CREATE OR REPLACE FUNCTION "visitor_breakdowns_add"(
  r_sites TEXT[], r_at TIMESTAMPTZ[], r_dimensions TEXT[], r_values TEXT[], r_pageviews INTEGER[],
  r_sessions INTEGER[], r_bounces INTEGER[], r_duration BIGINT[], r_positions INTEGER[]
) RETURNS VOID LANGUAGE sql AS $$
  WITH quarters AS (
    SELECT date_bin('15 minutes', r.at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, r.site, r.dimension, r.value,
      sum(r.pageviews)::int AS pageviews, sum(r.sessions)::int AS sessions, sum(r.bounces)::int AS bounces,
      sum(r.duration_ms)::bigint AS duration_ms, array_agg(r.position) FILTER (WHERE r.position IS NOT NULL) AS positions
    FROM unnest(r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions)
      AS r(site, at, dimension, value, pageviews, sessions, bounces, duration_ms, position)
    GROUP BY 1, 2, 3, 4
  ), quarter_cells AS (
    SELECT 'quarter' AS unit, bucket, site, dimension, value, pageviews, sessions, bounces, duration_ms,
      positions IS NOT NULL AS seen, visitor_sketch(positions) AS visitors
    FROM quarters
  ), cells AS (
    SELECT * FROM quarter_cells
    UNION ALL
    SELECT u.unit, date_bin(u.width, q.bucket, TIMESTAMPTZ '2000-01-01 00:00:00+00'), q.site, q.dimension, q.value,
      sum(q.pageviews)::int, sum(q.sessions)::int, sum(q.bounces)::int, sum(q.duration_ms)::bigint, bool_or(q.seen),
      bit_or(q.visitors)
    FROM quarter_cells q CROSS JOIN (VALUES ('hour', interval '1 hour'), ('day', interval '1 day')) AS u(unit, width)
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO visitor_breakdowns AS b (dimension, unit, bucket, site, value, pageviews, sessions, bounces, duration_ms, visitors)
  SELECT dimension, unit, bucket, site, value, pageviews, sessions, bounces, duration_ms, visitors
  FROM cells
  WHERE seen OR pageviews <> 0 OR sessions <> 0 OR bounces <> 0 OR duration_ms <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (dimension, unit, bucket, site, value) DO UPDATE SET
    pageviews = b.pageviews + EXCLUDED.pageviews,
    sessions = b.sessions + EXCLUDED.sessions,
    bounces = b.bounces + EXCLUDED.bounces,
    duration_ms = b.duration_ms + EXCLUDED.duration_ms,
    visitors = b.visitors | EXCLUDED.visitors
$$;

CREATE OR REPLACE FUNCTION "visitor_breakdowns_record"(
  pv_ids UUID[], pv_sites TEXT[], pv_sessions TEXT[], pv_at TIMESTAMPTZ[], pv_pages TEXT[], pv_visitors TEXT[],
  t_sites TEXT[], t_sessions TEXT[],
  ps_sites TEXT[], ps_sessions TEXT[], ps_started TIMESTAMPTZ[], ps_ended TIMESTAMPTZ[], ps_pageviews INTEGER[],
  ps_entry TEXT[], ps_exit TEXT[], ps_referrers TEXT[], ps_countries TEXT[], ps_devices TEXT[], ps_browsers TEXT[], ps_oses TEXT[]
) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  r_sites TEXT[]; r_at TIMESTAMPTZ[]; r_dimensions TEXT[]; r_values TEXT[]; r_pageviews INTEGER[];
  r_sessions INTEGER[]; r_bounces INTEGER[]; r_duration BIGINT[]; r_positions INTEGER[];
  -- The quarter cells pageviews moved out of (site, quarter, dimension, value).
  l_sites TEXT[]; l_quarters TIMESTAMPTZ[]; l_dimensions TEXT[]; l_values TEXT[];
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
  ), lost AS (
    SELECT DISTINCT site, date_bin('15 minutes', at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS quarter, dimension, value
    FROM figure_rows WHERE pageviews < 0
  )
  SELECT array_agg(site), array_agg(at), array_agg(dimension), array_agg(value), array_agg(pageviews), array_agg(sessions),
         array_agg(bounces), array_agg(duration_ms), array_agg(position),
         (SELECT array_agg(site) FROM lost), (SELECT array_agg(quarter) FROM lost),
         (SELECT array_agg(dimension) FROM lost), (SELECT array_agg(value) FROM lost)
  INTO r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions,
       l_sites, l_quarters, l_dimensions, l_values
  FROM figure_rows;

  IF r_sites IS NOT NULL THEN
    PERFORM visitor_breakdowns_add(r_sites, r_at, r_dimensions, r_values, r_pageviews, r_sessions, r_bounces, r_duration, r_positions);
  END IF;
  IF l_sites IS NULL THEN
    RETURN;
  END IF;

  -- A sketch cannot forget a visitor, so the quarter cells pageviews moved out of are built again
  -- from the pageviews in them now (one scan of the few quarters involved), then their hours and
  -- days as the OR of their quarters.
  WITH lost AS (
    SELECT * FROM unnest(l_sites, l_quarters, l_dimensions, l_values) AS l(site, quarter, dimension, value)
  ), windows AS (
    SELECT DISTINCT site, quarter FROM lost
  ), present AS (
    SELECT w.site, w.quarter, d.dimension, d.value, visitor_sketch_position(e.visitor_id) AS position
    FROM windows w
    JOIN visitor_events e ON e.site = w.site AND e.name = 'pageview'
      AND e.occurred_at >= w.quarter AND e.occurred_at < w.quarter + interval '15 minutes'
    JOIN visitor_sessions s ON s.site = e.site AND s.session_id = e.session_id
    CROSS JOIN LATERAL (VALUES ('entry_page', s.entry_page), ('exit_page', s.exit_page), ('referrer', s.referrer),
      ('country', s.country), ('device', s.device), ('browser', s.browser), ('os', s.os)) AS d(dimension, value)
  ), rebuilt AS (
    -- Joined on (value is null, coalesce(value, '')) so the join can hash; a cell left empty gets an empty sketch.
    SELECT l.site, l.quarter, l.dimension, l.value, visitor_sketch(array_agg(p.position)) AS visitors
    FROM lost l LEFT JOIN present p ON p.site = l.site AND p.quarter = l.quarter AND p.dimension = l.dimension
      AND (p.value IS NULL) = (l.value IS NULL) AND coalesce(p.value, '') = coalesce(l.value, '')
    GROUP BY 1, 2, 3, 4
  )
  UPDATE visitor_breakdowns b SET visitors = r.visitors FROM rebuilt r
  WHERE b.dimension = r.dimension AND b.unit = 'quarter' AND b.bucket = r.quarter AND b.site = r.site
    AND b.value IS NOT DISTINCT FROM r.value;

  WITH parents AS (
    SELECT DISTINCT u.unit, date_bin(u.width, l.quarter, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, u.width,
      l.site, l.dimension, l.value
    FROM unnest(l_sites, l_quarters, l_dimensions, l_values) AS l(site, quarter, dimension, value)
    CROSS JOIN (VALUES ('hour', interval '1 hour'), ('day', interval '1 day')) AS u(unit, width)
  ), merged AS (
    SELECT p.unit, p.bucket, p.site, p.dimension, p.value, bit_or(q.visitors) AS visitors
    FROM parents p JOIN visitor_breakdowns q ON q.dimension = p.dimension AND q.unit = 'quarter'
      AND q.bucket >= p.bucket AND q.bucket < p.bucket + p.width AND q.site = p.site AND q.value IS NOT DISTINCT FROM p.value
    GROUP BY 1, 2, 3, 4, 5
  )
  UPDATE visitor_breakdowns b SET visitors = m.visitors FROM merged m
  WHERE b.dimension = m.dimension AND b.unit = m.unit AND b.bucket = m.bucket AND b.site = m.site
    AND b.value IS NOT DISTINCT FROM m.value;
END $$;

