// `pnpm seed`: demo data into DATABASE_URL (only when it has no users yet).
import { createPrismaClient } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { seedDemoData } from './demo-seed.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required: the PostgreSQL to seed\n');
  process.exit(1);
}
const prisma = createPrismaClient({ databaseUrl });
const seeded = await seedDemoData({ prisma, databaseUrl, logger: createLogger({ name: 'seed', level: 'info' }) });
process.stdout.write(seeded ? 'demo data seeded\n' : 'database already has users; nothing seeded\n');
await prisma.$disconnect();
