-- Feature analytics (seed 004). These tables are written and read with SQL, not Prisma: the raw
-- table is partitioned by day and the presence bitmaps are bit strings, neither of which Prisma
-- models. The schema differ treats them as external tables (packages/db/src/migrations).
--
-- Codes shared by every table below: age_band 1 '<18', 2 '18-40', 3 '>40', 0 no age given;
-- gender 1 Male, 2 Female, 3 Other, 0 none given; -1 in either means "all" (rollups are kept for
-- each combination, so a read is one exact key, never a sum over bands).

-- Every event as it arrived, one partition per UTC day; retention drops whole partitions.
CREATE TABLE "feature_events" (
  "id" UUID NOT NULL,
  "occurred_at" TIMESTAMPTZ(3) NOT NULL,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "user_id" UUID NOT NULL,
  "feature_name" VARCHAR(64) NOT NULL,
  "age_band" SMALLINT NOT NULL,
  "gender" SMALLINT NOT NULL,
  "properties" JSONB
) PARTITION BY RANGE ("occurred_at");

-- Clicks per quarter hour: every time zone's midnight falls on a quarter hour, so any zone's
-- calendar days are sums of these.
CREATE TABLE "feature_click_quarters" (
  "age_band" SMALLINT NOT NULL,
  "gender" SMALLINT NOT NULL,
  "feature_name" VARCHAR(64) NOT NULL,
  "bucket" TIMESTAMPTZ(0) NOT NULL,
  "clicks" BIGINT NOT NULL,
  PRIMARY KEY ("age_band", "gender", "feature_name", "bucket")
);
-- The bar chart's partial days at the edges of a range in a zone other than UTC.
CREATE INDEX "feature_click_quarters_bucket_idx" ON "feature_click_quarters" ("age_band", "gender", "bucket") INCLUDE ("feature_name", "clicks");

-- Clicks per UTC day: whole days inside a range are read from here (96 times fewer rows).
CREATE TABLE "feature_click_days" (
  "age_band" SMALLINT NOT NULL,
  "gender" SMALLINT NOT NULL,
  "day" DATE NOT NULL,
  "feature_name" VARCHAR(64) NOT NULL,
  "clicks" BIGINT NOT NULL,
  PRIMARY KEY ("age_band", "gender", "day", "feature_name")
);

-- Who used which feature on which UTC day, between which quarter hours (0-95): the exact unique
-- users of a partial day at a range's edge, and the proof that a user is new to a day's bitmap.
CREATE TABLE "feature_user_spans" (
  "day" DATE NOT NULL,
  "feature_name" VARCHAR(64) NOT NULL,
  "age_band" SMALLINT NOT NULL,
  "gender" SMALLINT NOT NULL,
  "user_ordinal" INTEGER NOT NULL,
  "first_quarter" SMALLINT NOT NULL,
  "last_quarter" SMALLINT NOT NULL,
  PRIMARY KEY ("day", "feature_name", "age_band", "gender", "user_ordinal")
);

-- The same presence as bitmaps, 4,096 users (by users.ordinal) a row: distinct users over any run
-- of whole days is bit_or + bit_count over a few rows per day, however many events there were.
CREATE TABLE "feature_user_days" (
  "age_band" SMALLINT NOT NULL,
  "gender" SMALLINT NOT NULL,
  "day" DATE NOT NULL,
  "feature_name" VARCHAR(64) NOT NULL,
  "chunk" INTEGER NOT NULL,
  "users" BIT(4096) NOT NULL,
  PRIMARY KEY ("age_band", "gender", "day", "feature_name", "chunk")
);

-- The partition of feature_events holding one UTC day, created when first needed.
CREATE FUNCTION "feature_events_partition"(p_day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  partition_name TEXT := 'feature_events_' || to_char(p_day, 'YYYYMMDD');
BEGIN
  IF to_regclass(partition_name) IS NULL THEN
    BEGIN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF feature_events FOR VALUES FROM (%L) TO (%L)',
        partition_name, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    EXCEPTION WHEN duplicate_table THEN
      -- Another writer created it a moment ago.
      NULL;
    END;
  END IF;
END $$;

-- One batch of events and every rollup it changes, as one statement (one transaction, one round
-- trip). Each upsert takes its rows in key order, so concurrent batches cannot deadlock.
CREATE FUNCTION "record_feature_events"(
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

  -- Counted per base cell first (a batch has far fewer cells than events), then spread to the
  -- "all" combinations.
  WITH base AS (
    SELECT feature, date_bin('15 minutes', occurred, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, band, gender, count(*) AS clicks
    FROM unnest(p_occurred, p_features, p_bands, p_genders) AS b(occurred, feature, band, gender)
    GROUP BY 1, 2, 3, 4
  )
  INSERT INTO feature_click_quarters AS q (age_band, gender, feature_name, bucket, clicks)
  SELECT cell.band, cell.gender, base.feature, base.bucket, sum(base.clicks)
  FROM base
  CROSS JOIN LATERAL (VALUES (base.band, base.gender), (-1::smallint, base.gender), (base.band, -1::smallint), (-1::smallint, -1::smallint)) AS cell(band, gender)
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
  CROSS JOIN LATERAL (VALUES (base.band, base.gender), (-1::smallint, base.gender), (base.band, -1::smallint), (-1::smallint, -1::smallint)) AS cell(band, gender)
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (age_band, gender, day, feature_name) DO UPDATE SET clicks = d.clicks + EXCLUDED.clicks;

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

  RETURN cardinality(p_ids);
END $$;
