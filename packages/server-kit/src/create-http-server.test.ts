import { describe, expect, it } from 'vitest';
import { createHttpServer } from './create-http-server.ts';
import { createLogger } from './logger.ts';

describe('createHttpServer unloggedPaths', () => {
  it('leaves requests to those paths out of the request log, query string or not, and logs the rest', async () => {
    const messages: { msg: string; url?: string }[] = [];
    const destination = {
      write(chunk: string) {
        for (const line of chunk.split('\n').filter(Boolean)) {
          const parsed = JSON.parse(line);
          messages.push({ msg: parsed.msg, url: parsed.req?.url });
        }
      },
    };
    const app = createHttpServer({
      logger: createLogger({ name: 'test', level: 'info', destination }),
      unloggedPaths: ['/hot'],
    });
    app.get('/hot', async () => 'ok');
    app.get('/cold', async () => 'ok');
    await app.inject('/hot?x=1');
    await app.inject('/hot');
    await app.inject('/cold');
    expect(messages.filter((line) => line.msg === 'incoming request').map((line) => line.url)).toEqual(['/cold']);
    expect(messages.filter((line) => line.msg === 'request completed')).toHaveLength(1);
  });
});
