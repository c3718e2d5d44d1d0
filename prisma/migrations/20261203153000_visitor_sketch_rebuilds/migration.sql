-- Breakdown rollups (20261202175929_visitor_breakdown_moves): when a later batch moved pageviews to
-- another value (mostly: a visit extended by a pageview on another page changes its exit page),
-- the write rebuilt the quarter cells they left from every pageview in those quarters, in the
-- write's transaction. Under live traffic that is every batch, and the quarter holds every recent
-- pageview: 5,000 events extending 5,000 of 100,000 visits in one hour took 1.45 s in the
-- breakdowns, 0.88 s of it the rebuild (2026-12-03, idle machine), against 0.26 s for new visits.
--
-- Now the write only records the cells to rebuild (visitor_breakdown_stale), in its transaction;
-- visitor_breakdowns_rebuild_stale, run every few seconds by the API
-- (visitor-sketch-rebuild.job.ts), rebuilds them. Every sum (pageviews, sessions, bounces,
-- duration) is still changed in the write's transaction, so an acknowledged event is counted once
-- in every rollup at commit as before; only a moved visitor may stay in its old value's sketch
-- (an estimate a little high, never below the visitors there) until the next rebuild.
--
-- The rebuild reads without locks (a quarter's scan takes a second or more with 100,000 pageviews
-- in it, and writes to the current quarter must not wait for it): in one statement it builds each
-- cell's sketch from the events and notes the cell's row version (xmin). Then it locks the cells
-- and their hours and days in the writes' key order and replaces only the sketches whose row is
-- still that version: any write that changed what a cell holds (a pageview in it, one moved out)
-- upserted the cell, so an unchanged version means the rebuilt sketch is current. A cell a write
-- changed meanwhile keeps its stale row and is tried again on the next run. Quarters that ended
-- less than a minute ago are left for later (writes still change them every batch), so a live
-- quarter's moved visitors may count in their old value's estimate until shortly after it ends.

CREATE TABLE "visitor_breakdown_stale" (
  "dimension" TEXT NOT NULL,
  -- The quarter's UTC start (only quarter cells are rebuilt from events; hours and days are ORs).
  "bucket" TIMESTAMPTZ(0) NOT NULL,
  "site" TEXT NOT NULL,
  "value" TEXT
);
CREATE UNIQUE INDEX "visitor_breakdown_stale_key" ON "visitor_breakdown_stale" ("dimension", "bucket", "site", "value") NULLS NOT DISTINCT;

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

  -- Rebuilt by visitor_breakdowns_rebuild_stale, out of this transaction (see the top).
  INSERT INTO visitor_breakdown_stale (dimension, bucket, site, value)
  SELECT DISTINCT l.dimension, l.quarter, l.site, l.value
  FROM unnest(l_sites, l_quarters, l_dimensions, l_values) AS l(site, quarter, dimension, value)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING;
END $$;

-- Rebuilds up to max_cells stale quarter cells (oldest quarters first, none that ended less than a
-- minute ago) and their hours and days; returns how many stale rows it cleared (0: none left to do
-- now).
CREATE FUNCTION "visitor_breakdowns_rebuild_stale"(max_cells INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  l_sites TEXT[]; l_quarters TIMESTAMPTZ[]; l_dimensions TEXT[]; l_values TEXT[];
  l_versions TEXT[]; l_sketches BIT(40960)[];
  cleared INTEGER;
BEGIN
  -- A sketch cannot forget a visitor, so the cells are built again from the pageviews in them now
  -- (one scan of the few quarters involved), each with its row version at the same snapshot.
  WITH lost AS (
    SELECT * FROM visitor_breakdown_stale
    WHERE bucket < now() - interval '16 minutes'
    ORDER BY bucket, dimension, site, value LIMIT max_cells
  ), windows AS (
    SELECT DISTINCT site, bucket AS quarter FROM lost
  ), present AS (
    SELECT w.site, w.quarter, d.dimension, d.value, visitor_sketch_position(e.visitor_id) AS position
    FROM windows w
    JOIN visitor_events e ON e.site = w.site AND e.name = 'pageview'
      AND e.occurred_at >= w.quarter AND e.occurred_at < w.quarter + interval '15 minutes'
    JOIN visitor_sessions s ON s.site = e.site AND s.session_id = e.session_id
    CROSS JOIN LATERAL (VALUES ('entry_page', s.entry_page), ('exit_page', s.exit_page), ('referrer', s.referrer),
      ('country', s.country), ('device', s.device), ('browser', s.browser), ('os', s.os)) AS d(dimension, value)
    -- Only the dimensions being rebuilt (mostly exit_page alone): a seventh of the rows to sort.
    WHERE d.dimension IN (SELECT dimension FROM lost)
  ), rebuilt AS (
    -- Joined on (value is null, coalesce(value, '')) so the join can hash; a cell left empty gets an empty sketch.
    SELECT l.site, l.bucket AS quarter, l.dimension, l.value, visitor_sketch(array_agg(p.position)) AS visitors
    FROM lost l LEFT JOIN present p ON p.site = l.site AND p.quarter = l.bucket AND p.dimension = l.dimension
      AND (p.value IS NULL) = (l.value IS NULL) AND coalesce(p.value, '') = coalesce(l.value, '')
    GROUP BY 1, 2, 3, 4
  )
  SELECT array_agg(r.site), array_agg(r.quarter), array_agg(r.dimension), array_agg(r.value),
         array_agg(b.xmin::text), array_agg(r.visitors)
  INTO l_sites, l_quarters, l_dimensions, l_values, l_versions, l_sketches
  FROM rebuilt r
  LEFT JOIN visitor_breakdowns b ON b.dimension = r.dimension AND b.unit = 'quarter' AND b.bucket = r.quarter
    AND b.site = r.site AND b.value IS NOT DISTINCT FROM r.value;
  IF l_sites IS NULL THEN
    RETURN 0;
  END IF;

  -- The cells and their hours and days, locked in the order the writes upsert them (so neither waits
  -- on the other in a cycle); held only for the updates below.
  PERFORM 1 FROM visitor_breakdowns b
  JOIN (
    SELECT DISTINCT u.unit, date_bin(u.width, l.quarter, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, l.site, l.dimension, l.value
    FROM unnest(l_sites, l_quarters, l_dimensions, l_values) AS l(site, quarter, dimension, value)
    CROSS JOIN (VALUES ('quarter', interval '15 minutes'), ('hour', interval '1 hour'), ('day', interval '1 day')) AS u(unit, width)
  ) AS c ON b.dimension = c.dimension AND b.unit = c.unit AND b.bucket = c.bucket AND b.site = c.site
    AND b.value IS NOT DISTINCT FROM c.value
  ORDER BY b.dimension, b.unit, b.bucket, b.site, b.value
  FOR UPDATE OF b;

  -- Only where no write changed the cell since the read; the others stay stale for the next run.
  WITH done AS (
    UPDATE visitor_breakdowns b SET visitors = l.visitors
    FROM unnest(l_sites, l_quarters, l_dimensions, l_values, l_versions, l_sketches)
      AS l(site, quarter, dimension, value, version, visitors)
    WHERE b.dimension = l.dimension AND b.unit = 'quarter' AND b.bucket = l.quarter AND b.site = l.site
      AND b.value IS NOT DISTINCT FROM l.value AND b.xmin::text = l.version
    RETURNING b.site, b.bucket AS quarter, b.dimension, b.value
  )
  SELECT array_agg(site), array_agg(quarter), array_agg(dimension), array_agg(value), array_agg(NULL::text)
  INTO l_sites, l_quarters, l_dimensions, l_values, l_versions
  FROM (
    SELECT * FROM done
    -- A cell that is gone (its day expired) needs no rebuild either.
    UNION ALL
    SELECT l.site, l.quarter, l.dimension, l.value FROM unnest(l_sites, l_quarters, l_dimensions, l_values, l_versions)
      AS l(site, quarter, dimension, value, version)
    WHERE l.version IS NULL
  ) AS settled;
  IF l_sites IS NULL THEN
    RETURN 0;
  END IF;

  -- Their hours and days: the OR of their quarters (no write holds a quarter of them: it would hold
  -- the hour and day first, locked above).
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

  DELETE FROM visitor_breakdown_stale s
  USING unnest(l_sites, l_quarters, l_dimensions, l_values) AS l(site, quarter, dimension, value)
  WHERE s.dimension = l.dimension AND s.bucket = l.quarter AND s.site = l.site AND s.value IS NOT DISTINCT FROM l.value;
  GET DIAGNOSTICS cleared = ROW_COUNT;
  RETURN cleared;
END $$;
