/**
 * The database goes away (PGlite served by pglite-socket stops listening and drops every connection)
 * and comes back on the same port: the server keeps running, /readyz says 503 and recovers, users get
 * a clear "temporarily unavailable", and nothing already recorded is lost.
 */
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ChatModel } from '../../src/core/ports.js';
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

describe('database lost and back (pg driver to PGlite over pglite-socket)', () => {
  let db: PgliteServer;
  let server: AdvisorServer;
  let dir: string;
  const chatGate = new Gate();
  const embedGate = new Gate();
  let releaseChat: () => void = () => {};
  let releaseEmbed: () => void = () => {};

  beforeAll(async () => {
    dir = await copyKnowledge();
    db = await startPgliteServer();
    const embedder = await gatedLocalEmbedder(dir, embedGate);
    const chatModel: ChatModel = {
      model: 'gated-test-model',
      complete: async () => {
        await chatGate.pass();
        return 'Joint ventures share risk between the partners [1].';
      },
    };
    const config = loadConfig({
      DATABASE_URL: db.url,
      KNOWLEDGE_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN,
      RETRIEVAL_CACHE_SIZE: '0',
    });
    server = await startAdvisorServer(config, { logger: silent, overrides: { embedder, chatModel } });
  });
  afterAll(async () => {
    releaseChat();
    releaseEmbed();
    await server?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ask = (question: string) => postJson(`${server.url}/api/ask`, { question });
  const readyStatus = async () => (await fetch(`${server.url}/readyz`)).status;

  it('between questions: /readyz 503 and a clear "temporarily unavailable", then recovery without a restart and no lost rows', async () => {
    const before = await ask('What are the risks of a joint venture?');
    expect(before.status).toBe(200);
    expect(await readyStatus()).toBe(200);

    await db.stopSocket();
    const ready = await getJson(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database.ok).toBe(false);
    const during = await ask('What are the risks of a joint venture?');
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('db_unavailable');
    expect(during.body.error.message).toMatch(/temporarily unavailable.*try again in a minute/i);
    const vote = await postJson(`${server.url}/api/feedback`, { answerId: before.body.answerId, vote: 'up' });
    expect(vote.status).toBe(503);
    expect(vote.body.error.message).toMatch(/temporarily unavailable/);

    await db.startSocket();
    await eventually(async () => (await readyStatus()) === 200, 10_000, '/readyz to recover');
    const after = await ask('What are the risks of a joint venture?');
    expect(after.status).toBe(200);
    // The answer recorded before the outage is still there: feedback on it is accepted now.
    expect((await postJson(`${server.url}/api/feedback`, { answerId: before.body.answerId, vote: 'up' })).status).toBe(
      201,
    );
  });

  it('mid-answer: the question gets a clear 503 (no half-recorded answer), the next one is answered', async () => {
    chatGate.arm();
    releaseChat = () => chatGate.release();
    const inFlight = ask('What is a joint venture?');
    await chatGate.reached;
    await db.stopSocket();
    releaseChat();
    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'db_unavailable', message: expect.stringMatching(/temporarily/) });

    await db.startSocket();
    await eventually(async () => (await readyStatus()) === 200, 10_000, '/readyz to recover');
    const next = await ask('What is a joint venture?');
    expect(next.status).toBe(200);
    expect(next.body.citations.length).toBeGreaterThan(0);
  });

  it('mid-reindex: the reindex fails clearly, the old index answers, and the next reindex runs within seconds (not after the lease expires) and marks the lost run failed', async () => {
    await appendFile(
      path.join(dir, 'overview-of-partnerships.md'),
      '\n\n## Partnership scorecards\n\nA partnership scorecard tracks milestones, budget burn and relationship health every quarter.\n',
    );
    embedGate.arm();
    releaseEmbed = () => embedGate.release();
    const inFlight = postJson(`${server.url}/api/admin/reindex`, {}, admin);
    await embedGate.reached;
    await db.stopSocket();
    releaseEmbed();
    const failed = await inFlight;
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'db_unavailable', message: expect.stringMatching(/temporarily/) });

    await db.startSocket();
    await eventually(async () => (await readyStatus()) === 200, 10_000, '/readyz to recover');
    // The previous index answers: the new section is not in it yet.
    const old = await ask('What does a partnership scorecard track?');
    expect(old.status).toBe(200);
    expect(JSON.stringify(old.body.citations)).not.toContain('scorecard');

    // The lost run's lease is dropped once the database is back (within a second or so), not after
    // it expires 30 seconds later.
    const backAt = Date.now();
    let retried = await postJson(`${server.url}/api/admin/reindex`, {}, admin);
    while (retried.status === 409 && Date.now() - backAt < 5_000) {
      expect(retried.body.error.message).toMatch(/A reindex is already running/);
      await new Promise((r) => setTimeout(r, 200));
      retried = await postJson(`${server.url}/api/admin/reindex`, {}, admin);
    }
    expect(retried.status).toBe(200);
    expect(retried.body.counts.embedded).toBeGreaterThan(0);
    const runs = (await getJson(`${server.url}/api/admin/runs?limit=2`, admin)).body.runs;
    expect(runs[0]).toMatchObject({ status: 'succeeded' });
    expect(runs[1]).toMatchObject({ status: 'failed', error: expect.stringMatching(/Interrupted/) });
    expect(runs.some((r: { status: string }) => r.status === 'running')).toBe(false);

    const fresh = await ask('What does a partnership scorecard track?');
    expect(JSON.stringify(fresh.body.citations)).toContain('scorecard');
  });
});
