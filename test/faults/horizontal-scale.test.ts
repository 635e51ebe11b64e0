/**
 * Two advisor servers, each with its own pg pool, against one database (PGlite over pglite-socket):
 * the reindex lock, the per-user rate limit and chat-event claims hold across both, and either
 * server answers from the index the other one built.
 */
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { isAppError } from '../../src/core/errors.js';
import { enforceRateLimit } from '../../src/core/rate-limit.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';
import {
  ADMIN_TOKEN,
  admin,
  copyKnowledge,
  eventually,
  Gate,
  gatedLocalEmbedder,
  getJson,
  postJson,
  silent,
} from './helpers.js';

describe('two servers, one database', () => {
  let db: PgliteServer;
  let dir: string;
  let a: AdvisorServer;
  let b: AdvisorServer;
  const gate = new Gate();

  beforeAll(async () => {
    dir = await copyKnowledge();
    db = await startPgliteServer();
    const env = {
      DATABASE_URL: db.url,
      KNOWLEDGE_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN,
      RETRIEVAL_CACHE_SIZE: '0',
    };
    // A builds the index at start; B finds it current and serves at once.
    a = await startAdvisorServer(loadConfig(env), {
      logger: silent,
      overrides: { embedder: await gatedLocalEmbedder(dir, gate) },
    });
    b = await startAdvisorServer(loadConfig(env), { logger: silent });
    // B's start rescans the folder in the background (nothing changed: no embedding, no audit row).
    await b.startupReindex;
  });
  afterAll(async () => {
    gate.release();
    await a?.close();
    await b?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('both answer from the one index', async () => {
    const runs = (await getJson(`${b.url}/api/admin/runs`, admin)).body.runs;
    expect(runs).toHaveLength(1);
    for (const server of [a, b]) {
      const res = await postJson(`${server.url}/api/ask`, { question: 'What are the risks of a joint venture?' });
      expect(res.status).toBe(200);
      expect(res.body.citations.length).toBeGreaterThan(0);
    }
  });

  it('reindex lock: while A reindexes, B is told a reindex is running (409); one audit row; then B sees the new index', async () => {
    await appendFile(
      path.join(dir, 'overview-of-partnerships.md'),
      '\n\n## Partnership offboarding\n\nPartnership offboarding returns shared data, revokes access and settles open invoices.\n',
    );
    gate.arm();
    const onA = postJson(`${a.url}/api/admin/reindex`, {}, admin);
    await gate.reached;
    const onB = await postJson(`${b.url}/api/admin/reindex`, {}, admin);
    expect(onB.status).toBe(409);
    expect(onB.body.error).toMatchObject({
      code: 'reindex_running',
      message: 'A reindex is already running. Wait for it to finish, then try again.',
    });
    gate.release();
    const done = await onA;
    expect(done.status).toBe(200);
    expect(done.body.counts.embedded).toBeGreaterThan(0);

    const runs = (await getJson(`${b.url}/api/admin/runs`, admin)).body.runs;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded']);
    // B notices within its check interval (a second) plus the time to read the new index; questions
    // meanwhile are answered from the index it holds.
    await eventually(
      async () => {
        const fromB = await postJson(`${b.url}/api/ask`, { question: 'What happens in partnership offboarding?' });
        return JSON.stringify(fromB.body.citations).includes('offboarding');
      },
      5000,
      'replica B to answer from the new index',
    );
    // B's own reindex then has nothing left to embed.
    const again = await postJson(`${b.url}/api/admin/reindex`, {}, admin);
    expect(again.status).toBe(200);
    expect(again.body.counts.embedded).toBe(0);
  });

  it('per-user rate limit: hits on both servers count together, so the limit holds across replicas', async () => {
    const limit = 6;
    const stores = [a.composition.store, b.composition.store];
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        enforceRateLimit(stores[i % 2] ?? a.composition.store, {
          channel: 'slack',
          user: 'U-SCALE',
          perMinute: limit,
        }).then(
          () => 'allowed' as const,
          (error: unknown) => (isAppError(error, 'rate_limited') ? ('limited' as const) : Promise.reject(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(limit);
    expect(outcomes.filter((o) => o === 'limited')).toHaveLength(10 - limit);
    // Another user is not affected.
    await expect(
      enforceRateLimit(b.composition.store, { channel: 'slack', user: 'U-OTHER', perMinute: limit }),
    ).resolves.toBeUndefined();
  });

  it('chat-event claims: of 20 concurrent deliveries of one event across both servers, exactly one wins', async () => {
    const stores = [a.composition.store, b.composition.store];
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (stores[i % 2] ?? a.composition.store).claimEvent('slack:EvScale1')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
