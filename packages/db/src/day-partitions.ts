import type pg from 'pg';

/**
 * The day partitions (`<table>_YYYYMMDD`) of a table partitioned by UTC day, as retention sees
 * them: which hold only days before a cutoff, and dropping one — a day's rows gone at once, with
 * no row-by-row DELETE and no vacuum debt. Only names of that form are ever dropped.
 */
export function dayPartitions(pool: pg.Pool, table: string) {
  const partitionName = new RegExp(`^${table}_\\d{8}$`);
  return {
    /** The partitions whose whole day is before `day` (UTC, YYYY-MM-DD), oldest first. */
    async before(day: string): Promise<string[]> {
      const { rows } = await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         WHERE p.relname = $1 ORDER BY c.relname`,
        [table],
      );
      const cutoff = `${table}_${day.replaceAll('-', '')}`;
      return rows.map((row) => row.name).filter((name) => partitionName.test(name) && name < cutoff);
    },
    async drop(name: string): Promise<void> {
      if (!partitionName.test(name)) throw new Error(`not a ${table} partition: ${name}`);
      await pool.query(`DROP TABLE IF EXISTS "${name}"`);
    },
  };
}
