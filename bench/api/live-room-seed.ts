// The data a flash crowd finds (bench:reads, bench:crowd): one live session with its products and
// chat among many other sessions and products, a creator who runs it and a viewer who chatted.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@showfloor/db';

export interface LiveRoomPlan {
  products: number;
  sessions: number;
  productsInRoom: number;
  chatMessages: number;
}

export interface SeededLiveRoom {
  creatorId: string;
  viewerId: string;
  roomId: string;
}

export const describeLiveRoom = (plan: LiveRoomPlan) =>
  `${plan.products.toLocaleString('en-US')} products, ${(plan.sessions + 1).toLocaleString('en-US')} sessions; ` +
  `the live room has ${plan.productsInRoom} products and ${plan.chatMessages} chat messages`;

const words = ['lamp', 'keyboard', 'desk', 'chair', 'mug', 'speaker', 'camera', 'jacket', 'sneaker', 'watch'];

/** A live room as a big creator's followers find it: a live session with its products and chat, among many others. */
export async function seedLiveRoom(prisma: PrismaClient, plan: LiveRoomPlan): Promise<SeededLiveRoom> {
  const creator = await prisma.user.create({
    data: {
      email: `crowd-creator-${randomBytes(4).toString('hex')}@example.test`,
      username: `creator_${randomBytes(3).toString('hex')}`,
      name: 'Crowd Creator',
      passwordHash: 'not-a-real-hash',
    },
  });
  const viewer = await prisma.user.create({
    data: { email: `crowd-viewer-${randomBytes(4).toString('hex')}@example.test`, passwordHash: 'not-a-real-hash' },
  });
  await prisma.product.createMany({
    data: Array.from({ length: plan.products }, (_, index) => ({
      sellerId: creator.id,
      name: `${words[index % words.length]} ${words[(index * 7) % words.length]} no. ${index}`,
      description: `A ${words[(index * 3) % words.length]} for every ${words[(index * 5) % words.length]} lover`,
      price: 5 + (index % 200),
      imageUrl: `https://cdn.example.test/products/${index}.jpg`,
    })),
  });
  const products = await prisma.product.findMany({ select: { id: true }, take: plan.productsInRoom });
  await prisma.session.createMany({
    data: Array.from({ length: plan.sessions }, (_, index) => ({
      creatorId: creator.id,
      title: `${words[index % words.length]} show ${index}`,
      description: `Live shopping: ${words[(index * 3) % words.length]}`,
      status: index % 5 === 0 ? ('ended' as const) : ('scheduled' as const),
      tags: [words[index % words.length] as string],
    })),
  });
  const room = await prisma.session.create({
    data: {
      creatorId: creator.id,
      title: 'The big lamp drop',
      description: 'Every lamp, live',
      status: 'live',
      startedAt: new Date(),
      streamKey: 'secret-stream-key',
      tags: ['lamp'],
      activeProductId: products[0]?.id ?? null,
      products: {
        create: products.map((product, index) => ({ productId: product.id, displayOrder: index, featured: index < 3 })),
      },
    },
  });
  await prisma.session.update({ where: { id: room.id }, data: { agoraChannelName: room.id } });
  await prisma.chatMessage.createMany({
    data: Array.from({ length: plan.chatMessages }, (_, index) => ({
      sessionId: room.id,
      userId: viewer.id,
      message: `Message ${index}: love the ${words[index % words.length]}`,
    })),
  });
  return { creatorId: creator.id, viewerId: viewer.id, roomId: room.id };
}
