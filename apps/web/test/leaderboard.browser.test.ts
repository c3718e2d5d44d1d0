import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';

let stack: BrowserStack;
let ann: TestPerson;
let bea: TestPerson;
let cid: TestPerson;
let creator: TestPerson;

beforeAll(async () => {
  stack = await startBrowserStack();
  creator = await stack.register('creator', 'Carla Creator');
  [ann, bea, cid] = [
    await stack.register('user', 'Ann'),
    await stack.register('user', 'Bea'),
    await stack.register('user', 'Cid'),
  ];
  const { data: session } = await creator.api.sessions.create({ body: { title: 'Lamp hour' } });
  // Views stored as the realtime service leaves them: Ann and Bea tie at 2 h, Cid has 1 h.
  const now = Date.now();
  const view = (person: TestPerson, seconds: number) => ({
    sessionId: session.id,
    viewerKey: `user:${person.user.id}`,
    userId: person.user.id,
    role: 'subscriber' as const,
    joinedAt: new Date(now - (seconds + 60) * 1000),
    leftAt: new Date(now - 60_000),
    watchDuration: seconds,
  });
  await stack.db.prisma.sessionView.createMany({ data: [view(bea, 7_200), view(ann, 7_200), view(cid, 3_600)] });
});
afterAll(async () => stack?.close());

describe('Leaderboard', () => {
  it('ranks viewers with ties sharing a rank, shows your own place, and switches to creators', async () => {
    const page = await stack.open('/leaderboard?period=all', cid);
    const table = page.getByTestId('leaderboard');
    await table.waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
    expect(rows).toEqual([
      ['1', 'Ann', '2 h'],
      ['1', 'Bea', '2 h'],
      ['2', 'Cid', '1 h'],
    ]);
    expect(await page.getByTestId('my-place').textContent()).toBe('You: rank 2, 1 h');

    await page.getByLabel('Who').selectOption('creators');
    await page.getByRole('heading', { name: 'Creators, all time' }).waitFor();
    await table.getByText('Carla Creator').waitFor();
    expect(await table.locator('tbody tr td').last().textContent()).toBe('5 h');
    expect(new URL(page.url()).searchParams.get('role')).toBe('creators');
    expect(await page.getByTestId('my-place').textContent()).toContain('not on this board');
  });
});
