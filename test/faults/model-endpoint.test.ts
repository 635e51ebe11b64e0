/**
 * The model endpoints misbehave (slow, 429, 500, malformed JSON, connection reset) for embeddings and
 * for chat: the web API still answers within the bound of docs/RELIABILITY.md, says what degraded,
 * records the answer (feedback on it is accepted), and the next question is normal again.
 */
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RETRY_WAIT_MS } from '../../src/adapters/openai/client.js';
import { loadConfig } from '../../src/config/load-config.js';
import { LLM_FALLBACK_NOTICE, TEXT_ONLY_NOTICE } from '../../src/core/advisor.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type Fault, type OpenAIStub, startOpenAIStub } from '../support/openai-stub.js';
import { ADMIN_TOKEN, admin, copyKnowledge, getJson, postJson, silent } from './helpers.js';

const TIMEOUT_MS = 400;
const RETRIES = 1;
/** Per model call: every attempt times out, plus the waits between attempts (capped at 8 s each). */
const CALL_BOUND_MS = (RETRIES + 1) * TIMEOUT_MS + RETRIES * MAX_RETRY_WAIT_MS;

type Kind = 'slow' | '429' | '500' | 'malformed JSON' | 'connection reset';
/** The faults one failing call consumes: retried kinds fail every attempt; a malformed body is not retried. */
function failingCall(kind: Kind, on: 'embeddings' | 'chat'): Fault[] {
  const attempt: Fault =
    kind === 'slow'
      ? { delayMs: TIMEOUT_MS * 4, on }
      : kind === '429'
        ? { status: 429, on }
        : kind === '500'
          ? { status: 500, on }
          : kind === 'malformed JSON'
            ? { malformed: true, on }
            : { reset: true, on };
  return kind === 'malformed JSON' ? [attempt] : Array.from({ length: RETRIES + 1 }, () => attempt);
}

const KINDS: Kind[] = ['slow', '429', '500', 'malformed JSON', 'connection reset'];

describe('model endpoint faults (OpenAI-compatible stub on 127.0.0.1)', () => {
  let stub: OpenAIStub;
  let server: AdvisorServer;
  let dir: string;

  beforeAll(async () => {
    dir = await copyKnowledge();
    stub = await startOpenAIStub({ dims: 32 });
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      KNOWLEDGE_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN,
      // Every question reaches the embedding endpoint (no cached retrievals).
      RETRIEVAL_CACHE_SIZE: '0',
      EMBEDDINGS_PROVIDER: 'openai',
      CHAT_PROVIDER: 'openai',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
      OPENAI_MAX_RETRIES: String(RETRIES),
    });
    stub.setChatHandler(() => 'A joint venture creates a new entity owned by the partners [1].');
    server = await startAdvisorServer(config, { logger: silent });
  });
  afterAll(async () => {
    await server?.close();
    await stub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function askAndCheck(question: string) {
    const started = performance.now();
    const res = await postJson(`${server.url}/api/ask`, { question });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.abstained).toBe(false);
    expect(res.body.citations.length).toBeGreaterThan(0);
    // The answer was recorded: feedback on it is accepted, none is lost.
    const vote = await postJson(`${server.url}/api/feedback`, { answerId: res.body.answerId, vote: 'up' });
    expect(vote.status).toBe(201);
    return { body: res.body, elapsed };
  }

  for (const kind of KINDS) {
    it(`chat ${kind}: no crash, an extractive answer with a notice within the bound, then normal answers again`, async () => {
      stub.enqueueFault(...failingCall(kind, 'chat'));
      const degraded = await askAndCheck('What is a joint venture?');
      expect(degraded.body.notices).toContain(LLM_FALLBACK_NOTICE);
      expect(degraded.elapsed).toBeLessThan(CALL_BOUND_MS * 2);
      expect(stub.pendingFaults()).toBe(0);

      const normal = await askAndCheck('What is a joint venture?');
      expect(normal.body.notices).toEqual([]);
      expect(normal.body.answer).toContain('new entity owned by the partners');
    });

    it(`embeddings ${kind}: no crash, a keyword-search answer with a notice within the bound, then normal answers again`, async () => {
      stub.enqueueFault(...failingCall(kind, 'embeddings'));
      const degraded = await askAndCheck('What are the benefits of a strategic alliance?');
      expect(degraded.body.notices).toContain(TEXT_ONLY_NOTICE);
      expect(degraded.elapsed).toBeLessThan(CALL_BOUND_MS * 2);
      expect(stub.pendingFaults()).toBe(0);

      const normal = await askAndCheck('What are the benefits of a strategic alliance?');
      expect(normal.body.notices).not.toContain(TEXT_ONLY_NOTICE);
    });
  }

  it('429 with "Retry-After: 10 minutes": the wait is capped, so the answer (with a notice) still comes within the bound', async () => {
    stub.enqueueFault(
      ...Array.from({ length: RETRIES + 1 }, () => ({
        status: 429 as const,
        retryAfterMs: 600_000,
        on: 'chat' as const,
      })),
    );
    const degraded = await askAndCheck('What is a strategic alliance?');
    expect(degraded.body.notices).toContain(LLM_FALLBACK_NOTICE);
    expect(degraded.elapsed).toBeLessThan(CALL_BOUND_MS * 2);
    expect(stub.pendingFaults()).toBe(0);
  });

  it('a transient fault (one 500 then success) is retried: the user sees a normal answer', async () => {
    stub.enqueueFault({ status: 500, on: 'chat' }, { status: 500, on: 'embeddings' });
    const res = await askAndCheck('How is IP shared in a licensing deal?');
    expect(res.body.notices).toEqual([]);
    expect(stub.pendingFaults()).toBe(0);
  });

  it('embeddings down during a reindex: a clear 503, a failed audit row, and the previous index keeps answering', async () => {
    await appendFile(
      path.join(dir, 'overview-of-partnerships.md'),
      '\n\n## Partnership reviews\n\nQuarterly partnership reviews check milestones, budgets and the health of the relationship.\n',
    );
    stub.enqueueFault(...failingCall('500', 'embeddings'));
    const failed = await postJson(`${server.url}/api/admin/reindex`, {}, admin);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('embedder_unavailable');
    // The client reads a plain sentence; the endpoint's failure is in the log and the audit row.
    expect(failed.body.error.message).toMatch(/language service .* is unavailable/);
    expect(failed.body.error.message).not.toMatch(/127\.0\.0\.1|HTTP 500/);

    const runs = await getJson(`${server.url}/api/admin/runs?limit=1`, admin);
    expect(runs.body.runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 500/) });
    await askAndCheck('What is co-creation?');

    const retried = await postJson(`${server.url}/api/admin/reindex`, {}, admin);
    expect(retried.status).toBe(200);
    expect(retried.body.counts.embedded).toBeGreaterThan(0);
  });
});
