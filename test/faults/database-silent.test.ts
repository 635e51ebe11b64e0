/**
 * A PostgreSQL server that stops answering without closing the connection (a hung server, a network
 * path that drops packets): the client gives up after DB_QUERY_TIMEOUT_MS with "temporarily
 * unavailable", instead of waiting forever, and works again once the server answers.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import { type Store, silentLogger } from '../../src/core/ports.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';

/** A TCP relay to the database whose answers can be held back (the connection stays open). */
async function startRelay(port: number): Promise<{ port: number; hold(held: boolean): void; close(): Promise<void> }> {
  let holding = false;
  const upstreams = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    upstreams.add(upstream);
    client.pipe(upstream);
    upstream.on('data', (data: Buffer) => {
      if (holding) upstream.pause();
      client.write(data);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      upstreams.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hold(held) {
      holding = held;
      for (const upstream of upstreams) {
        if (held) upstream.pause();
        else upstream.resume();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const upstream of upstreams) upstream.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('a database that stops answering (DB_QUERY_TIMEOUT_MS)', () => {
  let db: PgliteServer;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let store: Store;

  beforeAll(async () => {
    db = await startPgliteServer();
    relay = await startRelay(Number(new URL(db.url).port));
    const url = new URL(db.url);
    url.port = String(relay.port);
    store = await openStore(
      {
        kind: 'postgres',
        url: url.toString(),
        timeouts: { statementMs: 60_000, idleInTransactionMs: 60_000, queryMs: 400 },
      },
      { logger: silentLogger },
    );
  });
  afterAll(async () => {
    relay?.hold(false);
    await store?.close().catch(() => {});
    await relay?.close();
    await db?.close();
  });

  it('gives up after the query timeout with a clear, retryable error, then works again', async () => {
    await store.ping();
    relay.hold(true);
    const started = performance.now();
    const error = await store.indexGeneration().catch((e: unknown) => e);
    const waited = performance.now() - started;
    expect(error).toMatchObject({ code: 'db_unavailable' });
    expect((error as Error).message).toMatch(/temporarily unavailable.*Try again/);
    expect((error as Error).message).not.toMatch(/Query read timeout/);
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(5000);

    relay.hold(false);
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = await store.ping().then(
        () => true,
        () => false,
      );
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
    await expect(store.indexGeneration()).resolves.toBeNull();
  });
});
