-- Search (/api/search): case-insensitive partial matching (ILIKE '%word%') backed by trigram indexes.
--
-- Prisma cannot describe extensions, functions or expression indexes in schema.prisma, so this
-- part is written by hand and kept out of the schema; the drift check does not see it (Prisma's
-- introspection skips expression indexes). apps/api/test/search.test.ts proves with EXPLAIN that
-- the search queries use the trigram indexes, so losing one fails a test instead of slowing down.
-- The two plain btree indexes at the end are in schema.prisma too, written as Prisma writes them.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text a session search matches: title, description, category and tags. A function because
-- array_to_string is only STABLE (array output depends on the element type), which an index
-- expression refuses; for text[] the result never changes, so IMMUTABLE is true. PL/pgSQL because
-- PostgreSQL evaluates it on every candidate row (trigram matches are always rechecked), and a
-- non-inlinable SQL function costs noticeably more per call. No lower(): the trigram index ignores
-- case and ILIKE folds case itself, so lower-casing here would fold every row twice.
-- Queries must call exactly this function for PostgreSQL to use the index.
CREATE FUNCTION session_search_text(title text, description text, category text, tags text[])
  RETURNS text
  LANGUAGE plpgsql
  IMMUTABLE
  PARALLEL SAFE
  AS $$ BEGIN RETURN title || ' ' || coalesce(description, '') || ' ' || coalesce(category, '') || ' ' || pg_catalog.array_to_string(tags, ' '); END $$;

-- Products match on name and description. Everything in it is immutable, so PostgreSQL inlines it;
-- it is a function anyway so the query and the index cannot drift apart.
CREATE FUNCTION product_search_text(name text, description text)
  RETURNS text
  LANGUAGE sql
  IMMUTABLE
  PARALLEL SAFE
  RETURN name || ' ' || coalesce(description, '');

CREATE INDEX "sessions_search_text_trgm_idx" ON "sessions"
  USING gin (session_search_text("title", "description", "category", "tags") gin_trgm_ops);

CREATE INDEX "products_search_text_trgm_idx" ON "products"
  USING gin (product_search_text("name", "description") gin_trgm_ops);

-- `category` filters compare case-insensitively; `sortBy=title` / `sortBy=name` sort the same way.
CREATE INDEX "sessions_lower_category_idx" ON "sessions"(lower("category"));

CREATE INDEX "sessions_lower_title_id_idx" ON "sessions"(lower("title"), "id");

CREATE INDEX "products_lower_name_id_idx" ON "products"(lower("name"), "id");

-- Also in schema.prisma: status filters sorted by creation (`/sessions/upcoming`), and price filters and sorts.
CREATE INDEX "sessions_status_created_at_idx" ON "sessions"("status", "created_at" DESC);

CREATE INDEX "products_price_idx" ON "products"("price");
