import { createTestDatabase, type TestDatabase } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Indexes Prisma cannot describe in schema.prisma (expression and trigram indexes) are written by
 * hand in migrations, so the drift check cannot see them go missing. This list can.
 */
const handWrittenIndexes = [
  'sessions_search_text_trgm_idx',
  'products_search_text_trgm_idx',
  'sessions_lower_category_idx',
  'sessions_lower_title_id_idx',
  'products_lower_name_id_idx',
];

describe('hand-written indexes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('all exist after the migrations', async () => {
    const rows = await db.prisma.$queryRaw<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY(${handWrittenIndexes}::text[])`;
    expect(rows.map((row) => row.indexname).sort()).toEqual([...handWrittenIndexes].sort());
  });
});
