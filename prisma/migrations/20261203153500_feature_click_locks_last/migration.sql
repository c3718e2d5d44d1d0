-- record_feature_events upserts the shared click rollup rows last (see the note inside), so two
-- group commits in flight (TRACK_WRITER_CONNECTIONS=2) overlap everything but those upserts.
-- Same rows, same sums as 20261202180600.

CREATE OR REPLACE FUNCTION "record_feature_events"(
  p_ids UUID[],
  p_occurred TIMESTAMPTZ[],
  p_users UUID[],
  p_ordinals INTEGER[],
  p_features TEXT[],
  p_bands SMALLINT[],
  p_genders SMALLINT[],
  p_properties JSONB[],
  -- False where the writer knows the user's span for that feature and day already covers the
  -- event's quarter hour (it remembers what it committed): most events then skip the presence upserts.
  p_span_changes BOOLEAN[]
) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  partition_day DATE;
BEGIN
  FOR partition_day IN SELECT DISTINCT (occurred AT TIME ZONE 'UTC')::date FROM unnest(p_occurred) AS occurred LOOP
    PERFORM feature_events_partition(partition_day);
  END LOOP;

  INSERT INTO feature_events (id, occurred_at, user_id, feature_name, age_band, gender, properties)
  SELECT * FROM unnest(p_ids, p_occurred, p_users, p_features, p_bands, p_genders, p_properties);

  WITH spans AS (
    INSERT INTO feature_user_spans AS s (day, feature_name, age_band, gender, user_ordinal, first_quarter, last_quarter)
    SELECT day, feature, band, gender, ordinal, min(quarter), max(quarter)
    FROM (
      SELECT (occurred AT TIME ZONE 'UTC')::date AS day, feature, band, gender, ordinal,
             (extract(hour FROM occurred AT TIME ZONE 'UTC') * 4 + floor(extract(minute FROM occurred AT TIME ZONE 'UTC') / 15))::smallint AS quarter
      FROM unnest(p_occurred, p_ordinals, p_features, p_bands, p_genders, p_span_changes) AS b(occurred, ordinal, feature, band, gender, span_changes)
      WHERE span_changes
    ) AS timed
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, feature_name, age_band, gender, user_ordinal) DO UPDATE
      SET first_quarter = LEAST(s.first_quarter, EXCLUDED.first_quarter),
          last_quarter = GREATEST(s.last_quarter, EXCLUDED.last_quarter)
      WHERE EXCLUDED.first_quarter < s.first_quarter OR EXCLUDED.last_quarter > s.last_quarter
    RETURNING s.day, s.feature_name, s.age_band, s.gender, s.user_ordinal, (s.xmax = 0) AS inserted
  )
  INSERT INTO feature_user_days AS u (age_band, gender, day, feature_name, chunk, users)
  SELECT cell.band, cell.gender, spans.day, spans.feature_name, spans.user_ordinal >> 12,
         bit_or(set_bit(B'0'::bit(4096), spans.user_ordinal & 4095, 1))
  FROM spans
  CROSS JOIN LATERAL (VALUES (spans.age_band, spans.gender), (-1::smallint, spans.gender), (spans.age_band, -1::smallint), (-1::smallint, -1::smallint)) AS cell(band, gender)
  WHERE spans.inserted
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (age_band, gender, day, feature_name, chunk) DO UPDATE SET users = u.users | EXCLUDED.users;

  -- The click rows are the ones every commit shares (one per feature, quarter hour and cell), so
  -- they are upserted last: their row locks are held from here to the commit only, and a second
  -- commit in flight does its events, spans and presence meanwhile instead of queueing behind them.
  -- Counted per base cell first (a batch has far fewer cells than events), then added to the
  -- base cell and to the everyone cell (-1, -1); one band of every gender, or one gender of every
  -- band, is summed from the base cells when read.
  WITH base AS (
    SELECT feature, date_bin('15 minutes', occurred, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, band, gender, count(*) AS clicks
    FROM unnest(p_occurred, p_features, p_bands, p_genders) AS b(occurred, feature, band, gender)
    GROUP BY 1, 2, 3, 4
  )
  INSERT INTO feature_click_quarters AS q (age_band, gender, feature_name, bucket, clicks)
  SELECT cell.band, cell.gender, base.feature, base.bucket, sum(base.clicks)
  FROM base
  CROSS JOIN LATERAL (VALUES (base.band, base.gender), (-1::smallint, -1::smallint)) AS cell(band, gender)
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (age_band, gender, feature_name, bucket) DO UPDATE SET clicks = q.clicks + EXCLUDED.clicks;

  WITH base AS (
    SELECT feature, (occurred AT TIME ZONE 'UTC')::date AS day, band, gender, count(*) AS clicks
    FROM unnest(p_occurred, p_features, p_bands, p_genders) AS b(occurred, feature, band, gender)
    GROUP BY 1, 2, 3, 4
  )
  INSERT INTO feature_click_days AS d (age_band, gender, day, feature_name, clicks)
  SELECT cell.band, cell.gender, base.day, base.feature, sum(base.clicks)
  FROM base
  CROSS JOIN LATERAL (VALUES (base.band, base.gender), (-1::smallint, -1::smallint)) AS cell(band, gender)
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (age_band, gender, day, feature_name) DO UPDATE SET clicks = d.clicks + EXCLUDED.clicks;

  RETURN cardinality(p_ids);
END $$;
