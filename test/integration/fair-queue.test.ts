import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { fairQueue } from '../../src/server/fair-queue.js';
import { errorHandler } from '../../src/server/http-errors.js';

/** A server whose answers wait until the test releases them, behind the real fair queue. */
async function serve(options: { concurrency: number; maxWaiting: number }) {
  const started: string[] = [];
  const releases: Array<() => void> = [];
  const app = express();
  app.get('/work/:id', fairQueue(options), async (req, res) => {
    started.push(String(req.params.id));
    await new Promise<void>((resolve) => releases.push(resolve));
    res.json({ id: String(req.params.id) });
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, started, releases, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const waitUntil = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('fair queue for answering routes', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('starts waiting requests in arrival order and skips one whose client left', async () => {
    const s = await serve({ concurrency: 1, maxWaiting: 10 });
    close = s.close;
    const first = fetch(`${s.url}/work/a`);
    await waitUntil(() => s.started.length === 1);
    const gone = new AbortController();
    const abandoned = fetch(`${s.url}/work/b`, { signal: gone.signal }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    const third = fetch(`${s.url}/work/c`);
    await new Promise((r) => setTimeout(r, 50));
    gone.abort();
    expect(await abandoned).toBe('aborted');
    await new Promise((r) => setTimeout(r, 50));
    s.releases.shift()?.();
    expect(await (await first).json()).toEqual({ id: 'a' });
    // b left while waiting: its place is freed at once, so c starts (before, a left client held the slot forever).
    await waitUntil(() => s.started.length === 2);
    expect(s.started).toEqual(['a', 'c']);
    s.releases.shift()?.();
    expect(await (await third).json()).toEqual({ id: 'c' });
  });

  it('answers 503 "busy" with Retry-After beyond the waiting limit, and serves again afterwards', async () => {
    const s = await serve({ concurrency: 1, maxWaiting: 1 });
    close = s.close;
    const running = fetch(`${s.url}/work/1`);
    await waitUntil(() => s.started.length === 1);
    const waiting = fetch(`${s.url}/work/2`);
    await new Promise((r) => setTimeout(r, 50));
    const refused = await fetch(`${s.url}/work/3`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('overloaded');
    expect(body.error.message).toMatch(/busy.*try again/i);
    s.releases.shift()?.();
    await waitUntil(() => s.started.length === 2);
    s.releases.shift()?.();
    expect((await running).status).toBe(200);
    expect((await waiting).status).toBe(200);
  });
});
