import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { hashPassword } from '../modules/auth/password-hasher.ts';
import { seedFeatureClicks } from './feature-clicks-seed.ts';

export const demoPassword = 'Password123!';

export interface DemoSeedDeps {
  prisma: PrismaClient;
  /** The same database: the feature clicks go through the group-commit writer's own connections. */
  databaseUrl: string;
  logger: Logger;
}

/**
 * Demo data for a first look: an admin, two creators with products and sessions, and seed 004's
 * ten users (ages in every band, every gender) with 220 feature clicks over the last 60 days.
 * Runs only on an empty database, so restarts keep your data.
 */
export async function seedDemoData({ prisma, databaseUrl, logger }: DemoSeedDeps): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  const passwordHash = await hashPassword(demoPassword);
  const person = (
    username: string,
    role: 'admin' | 'creator' | 'user',
    age: number,
    gender: 'Male' | 'Female' | 'Other',
  ) => ({
    username,
    email: `${username}@showfloor.dev`,
    name: username.replace(/_/g, ' '),
    passwordHash,
    role,
    age,
    gender,
  });

  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: person('admin', 'admin', 35, 'Other') });
    const alice = await tx.user.create({ data: person('alice_pm', 'creator', 28, 'Female') });
    const bob = await tx.user.create({ data: person('bob_dev', 'creator', 41, 'Male') });
    const viewers = [
      person('carol_ops', 'user', 17, 'Female'),
      person('dan_analyst', 'user', 33, 'Male'),
      person('eve_design', 'user', 52, 'Female'),
      person('frank_support', 'user', 24, 'Male'),
      person('grace_sales', 'user', 45, 'Female'),
      person('heidi_qa', 'user', 16, 'Other'),
      person('ivan_growth', 'user', 38, 'Male'),
      person('judy_research', 'user', 61, 'Other'),
    ];
    await tx.user.createMany({ data: viewers });

    const keyboard = await tx.product.create({
      data: { sellerId: alice.id, name: 'Mechanical Keyboard', description: 'Hot-swappable, 75%', price: '129.99' },
    });
    const mouse = await tx.product.create({
      data: { sellerId: alice.id, name: 'Gaming Mouse', description: 'High precision sensor', price: '59.99' },
    });
    const jacket = await tx.product.create({
      data: { sellerId: bob.id, name: 'Rain Jacket', description: 'Packable and waterproof', price: '89.00' },
    });

    // The Agora channel is the session id, as for sessions created through the API.
    const liveId = randomUUID();
    const scheduledId = randomUUID();
    await tx.session.create({
      data: {
        id: liveId,
        agoraChannelName: liveId,
        creatorId: alice.id,
        title: 'Desk setup live: keyboards and mice',
        category: 'tech',
        tags: ['keyboards', 'setup'],
        status: 'live',
        startedAt: new Date(),
        activeProductId: keyboard.id,
        products: {
          create: [
            { productId: keyboard.id, displayOrder: 0, featured: true },
            { productId: mouse.id, displayOrder: 1 },
          ],
        },
      },
    });
    await tx.session.create({
      data: {
        id: scheduledId,
        agoraChannelName: scheduledId,
        creatorId: bob.id,
        title: 'Autumn outdoor gear',
        category: 'fashion',
        tags: ['outdoor'],
        products: { create: [{ productId: jacket.id, displayOrder: 0 }] },
      },
    });
  });
  const clicks = await seedFeatureClicks({ prisma, databaseUrl, logger });
  logger.info({ users: 11, featureClicks: clicks, password: demoPassword }, 'seeded demo data');
  return true;
}
