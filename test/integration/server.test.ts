import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApiRouter } from '../../src/channels/web/api-router.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ChatModel } from '../../src/core/ports.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { errorHandler } from '../../src/server/http-errors.js';
import { startPgliteServer } from '../support/pglite-server.js';

const silent = pino({ level: 'silent' });
const ADMIN_TOKEN = 'test-admin-token-1234567890';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field below.
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('advisor server (embedded PGlite)', () => {
  let server: AdvisorServer;

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: 'memory://', PORT: '0', ADMIN_TOKEN, LOG_LEVEL: 'silent' });
    server = await startAdvisorServer(config, { logger: silent });
  });
  afterAll(() => server?.close());

  it('reports health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { database: { ok: true }, index: { ok: true } } });
  });

  it('answers a question with citations in the same shape as `ask --json`', async () => {
    const res = await post(`${server.url}/api/ask`, {
      question: 'What are the main risks of forming a joint venture?',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'abstained',
        'answer',
        'answerId',
        'citations',
        'coverage',
        'coverageNotice',
        'gap',
        'notices',
        'question',
        'timings_ms',
      ].sort(),
    );
    expect(res.body.abstained).toBe(false);
    // The chapters list no risks specific to joint ventures: partly covered, and said so.
    expect(res.body.coverage).toBe('partial');
    expect(res.body.gap).toBe('risks specific to joint ventures');
    expect(res.body.answer).toMatch(
      /^The chapters don't cover risks specific to joint ventures\. The closest guidance/,
    );
    // The answer says what is missing, so the notice is only the label (not the same sentence twice).
    expect(res.body.coverageNotice).toBe('Partly covered by the chapters.');
    expect(res.body.citations.length).toBeGreaterThan(0);
    for (const c of res.body.citations) {
      expect(res.body.answer).toContain(`[${c.n}]`);
      expect(c.text.length).toBeGreaterThan(20);
      expect(c.source).toMatch(/\.(md|txt)$/);
    }
    expect(JSON.stringify(res.body.citations).toLowerCase()).toMatch(/challenges|disputes/);
  });

  it('understands a follow-up through the history it is sent', async () => {
    const first = await post(`${server.url}/api/ask`, { question: 'How does licensing work for AI technology?' });
    const followUp = await post(`${server.url}/api/ask`, {
      question: 'and what are its risks?',
      history: [{ question: first.body.question, answer: first.body.answer }],
    });
    expect(followUp.status).toBe(200);
    expect(followUp.body.abstained).toBe(false);
    expect(JSON.stringify(followUp.body.citations).toLowerCase()).toMatch(/licens/);
  });

  it('abstains on an out-of-scope question, without citations', async () => {
    const res = await post(`${server.url}/api/ask`, { question: 'How do I reset my VPN password?' });
    expect(res.status).toBe(200);
    expect(res.body.abstained).toBe(true);
    expect(res.body.citations).toEqual([]);
    expect(res.body.answer).toMatch(/doesn't cover/);
  });

  it('rejects bad requests with clear 4xx messages', async () => {
    const empty = await post(`${server.url}/api/ask`, { question: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('bad_input');

    const missing = await post(`${server.url}/api/ask`, { q: 'typo' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/question/);

    const malformed = await post(`${server.url}/api/ask`, '{"question": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);

    const long = await post(`${server.url}/api/ask`, { question: 'x'.repeat(20_000) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/20000 characters|20,000 characters|limit/);

    const huge = await post(`${server.url}/api/ask`, { question: 'y'.repeat(100_000) });
    expect(huge.status).toBe(413);

    const unknown = await fetch(`${server.url}/api/nope`);
    expect(unknown.status).toBe(404);
  });

  it('stores feedback on an answer and refuses feedback on unknown answers', async () => {
    const answer = await post(`${server.url}/api/ask`, { question: 'What is co-creation?' });
    const up = await post(`${server.url}/api/feedback`, { answerId: answer.body.answerId, vote: 'up' });
    expect(up.status).toBe(201);
    const down = await post(`${server.url}/api/feedback`, {
      answerId: answer.body.answerId,
      vote: 'down',
      comment: 'too short',
    });
    expect(down.status).toBe(201);
    const unknown = await post(`${server.url}/api/feedback`, {
      answerId: '00000000-0000-4000-8000-00000000beef',
      vote: 'up',
    });
    expect(unknown.status).toBe(404);
    const invalid = await post(`${server.url}/api/feedback`, { answerId: answer.body.answerId, vote: 'meh' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/vote/);
  });

  it('reindexes for admins only, incrementally, and lists the audit log', async () => {
    const anonymous = await post(`${server.url}/api/admin/reindex`, {});
    expect(anonymous.status).toBe(401);
    const wrong = await post(`${server.url}/api/admin/reindex`, {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);

    const ok = await post(`${server.url}/api/admin/reindex`, {}, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.body.counts).toMatchObject({ embedded: 0, added: 0, removed: 0 });
    expect(ok.body.counts.chunks).toBeGreaterThan(10);

    const runs = await fetch(`${server.url}/api/admin/runs`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { runs: list } = (await runs.json()) as { runs: Array<{ trigger: string; status: string; actor: string }> };
    expect(list[0]).toMatchObject({ trigger: 'http', status: 'succeeded', actor: 'http-admin' });
    expect(list.some((r) => r.trigger === 'startup')).toBe(true);
  });

  it('disables admin endpoints when ADMIN_TOKEN is unset', async () => {
    const app = express();
    app.use(
      '/api',
      webApiRouter({
        commands: server.composition.commands,
        recentRuns: (limit) => server.composition.advisor.recentRuns(limit),
        adminToken: undefined,
      }),
    );
    app.use(errorHandler(silent));
    const bare = app.listen(0, '127.0.0.1');
    await new Promise((r) => bare.once('listening', r));
    const port = (bare.address() as { port: number }).port;
    const res = await post(`http://127.0.0.1:${port}/api/admin/reindex`, {}, { authorization: 'Bearer anything' });
    bare.close();
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/ADMIN_TOKEN/);
  });

  it('exposes Prometheus metrics per route and channel', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/advisor_answers_total\{channel="web",outcome="answered"\} [1-9]/);
    expect(text).toMatch(/advisor_answers_total\{channel="web",outcome="abstained"\} [1-9]/);
    expect(text).toMatch(/advisor_http_requests_total\{method="POST",route="\/api\/ask",channel="web",status="200"\}/);
    expect(text).toMatch(/advisor_reindex_runs_total\{trigger="http",status="succeeded"\} 1/);
  });

  it('serves the web chat page and its script without external resources', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('<form id="ask-form"');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await fetch(`${server.url}/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(1000);
  });
});

describe('advisor server over the pg driver (PGlite served by pglite-socket)', () => {
  it('answers, finishes in-flight answers on shutdown, then stops accepting', async () => {
    const pg = await startPgliteServer();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A slow chat model keeps one answer in flight while shutdown starts.
    const slowModel: ChatModel = {
      model: 'slow-test-model',
      async complete() {
        await gate;
        return 'Joint ventures share risk between the partners [1].';
      },
    };
    const config = loadConfig({ DATABASE_URL: pg.url, PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '5000' });
    const server = await startAdvisorServer(config, { logger: silent, overrides: { chatModel: slowModel } });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const inFlight = post(`${server.url}/api/ask`, { question: 'What are the risks of a joint venture?' });
      await new Promise((r) => setTimeout(r, 300));
      const closing = server.close();
      await new Promise((r) => setTimeout(r, 100));
      release();
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.citations.length).toBe(1);
      await closing;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      release();
      await server.close();
      await pg.close();
    }
  });
});
