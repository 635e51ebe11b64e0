/**
 * Who uses the web API: a trusted sign-in proxy names the user (WEB_AUTH=proxy), or the caller holds
 * WEB_TOKEN. Either way the user is stored with answers and feedback and gets the per-user limit.
 * Also: a client that goes away aborts its answer's model call.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';

const silent = pino({ level: 'silent' });
const ADMIN_TOKEN = 'admin-token-0123456789';
const WEB_TOKEN = 'web-token-0123456789abcdef';
const QUESTION = { question: 'What are the risks of a joint venture?' };

interface ApiBody {
  readonly answerId: string;
  readonly citations: unknown[];
  readonly error: { readonly code: string; readonly message: string };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as ApiBody };
}

describe('WEB_AUTH=proxy', () => {
  let pg: PgliteServer;
  let server: AdvisorServer;
  beforeAll(async () => {
    pg = await startPgliteServer();
    server = await startAdvisorServer(
      loadConfig({
        DATABASE_URL: pg.url,
        PORT: '0',
        LOG_LEVEL: 'silent',
        WEB_AUTH: 'proxy',
        RATE_LIMIT_PER_MINUTE: '2',
        ADMIN_TOKEN,
      }),
      { logger: silent },
    );
  });
  afterAll(async () => {
    await server?.close();
    await pg?.close();
  });

  it('refuses requests that did not come through the proxy, with a message and no internals', async () => {
    const refused = await post(`${server.url}/api/ask`, QUESTION);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('unauthorized');
    expect(refused.json.error.message).toMatch(/sign-in proxy/);
    expect((await fetch(`${server.url}/api/models`)).status).toBe(401);
  });

  it('stores the user with answers and feedback', async () => {
    const asked = await post(`${server.url}/api/ask`, QUESTION, { 'X-Auth-Request-Email': 'ana@example.com' });
    expect(asked.status).toBe(200);
    const answerId = asked.json.answerId;
    const voted = await post(
      `${server.url}/api/feedback`,
      { answerId, vote: 'down', comment: 'too long' },
      { 'X-Auth-Request-Email': 'ana@example.com' },
    );
    expect(voted.status).toBe(201);
    await expect
      .poll(async () => (await pg.db.query('SELECT user_id FROM answers WHERE answer_id = $1', [answerId])).rows)
      .toEqual([{ user_id: 'ana@example.com' }]);
    expect((await pg.db.query('SELECT user_id, vote FROM feedback WHERE answer_id = $1', [answerId])).rows).toEqual([
      { user_id: 'ana@example.com', vote: 'down' },
    ]);
  });

  it('limits each user on their own: a third question in a minute is 429 for that user only', async () => {
    const as = (user: string) => ({ 'X-Auth-Request-Email': user });
    expect((await post(`${server.url}/api/ask`, QUESTION, as('bo@example.com'))).status).toBe(200);
    expect((await post(`${server.url}/api/ask`, QUESTION, as('bo@example.com'))).status).toBe(200);
    const limited = await post(`${server.url}/api/ask`, QUESTION, as('bo@example.com'));
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toMatch(/minute/i);
    expect((await post(`${server.url}/api/ask`, QUESTION, as('cy@example.com'))).status).toBe(200);
  });

  it('leaves the admin API to ADMIN_TOKEN (no proxy header needed)', async () => {
    const runs = await fetch(`${server.url}/api/admin/runs`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(runs.status).toBe(200);
  });
});

describe('WEB_TOKEN', () => {
  let server: AdvisorServer;
  beforeAll(async () => {
    server = await startAdvisorServer(
      loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LOG_LEVEL: 'silent', WEB_TOKEN, ADMIN_TOKEN }),
      { logger: silent },
    );
  });
  afterAll(() => server?.close());

  it('needs the token on the chat routes, and says how to send it', async () => {
    const refused = await post(`${server.url}/api/ask`, QUESTION);
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/Authorization: Bearer <WEB_TOKEN>/);
    expect((await post(`${server.url}/api/ask`, QUESTION, { authorization: 'Bearer wrong-token-000000' })).status).toBe(
      401,
    );
    const allowed = await post(`${server.url}/api/ask`, QUESTION, { authorization: `Bearer ${WEB_TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(allowed.json.citations.length).toBeGreaterThan(0);
  });

  it('keeps the page itself public (it asks for the token) and the admin API on ADMIN_TOKEN', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    const runs = await fetch(`${server.url}/api/admin/runs`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(runs.status).toBe(200);
  });
});

describe('a client that disconnects', () => {
  let stub: OpenAIStub;
  let server: AdvisorServer;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    server = await startAdvisorServer(
      loadConfig({
        DATABASE_URL: 'memory://',
        PORT: '0',
        LOG_LEVEL: 'silent',
        CHAT_PROVIDER: 'openai',
        OPENAI_BASE_URL: stub.baseURL,
        OPENAI_API_KEY: 'sk-test',
      }),
      { logger: silent },
    );
  });
  afterAll(async () => {
    await server?.close();
    await stub?.close();
  });

  it('aborts its answer, including the model call', async () => {
    stub.enqueueFault({ delayMs: 5000, on: 'chat' });
    const client = new AbortController();
    const asking = fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How should a joint venture be governed?' }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => stub.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBe(1);
    client.abort();
    await asking;
    const call = stub.requests.find((r) => r.path.endsWith('/chat/completions'));
    // Well before the stub's 5 s delay would have ended the call.
    await expect.poll(() => call?.abortedByClient, { timeout: 2000 }).toBe(true);
  });
});
