import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';

async function send(method: string, url: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field below.
  return { status: response.status, body: (await response.json()) as any };
}

describe('HTTP API: partnership models', () => {
  let server: AdvisorServer;
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LOG_LEVEL: 'silent' });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
  });
  afterAll(() => server?.close());

  it('GET /api/models lists every model with a cited definition', async () => {
    const res = await send('GET', `${server.url}/api/models`);
    expect(res.status).toBe(200);
    expect(res.body.models.length).toBeGreaterThanOrEqual(19);
    const jv = res.body.models.find((m: { model: { id: string } }) => m.model.id === 'joint-venture');
    expect(jv).toMatchObject({
      covered: true,
      model: { name: 'Joint venture', aliases: expect.arrayContaining(['JV']) },
    });
    expect(jv.citations[0]).toMatchObject({ n: 1, section: 'Joint Ventures' });
  });

  it('GET /api/sources lists each indexed document with its title and section count', async () => {
    const res = await send('GET', `${server.url}/api/sources`);
    expect(res.status).toBe(200);
    expect(res.body.documents).toHaveLength(5);
    expect(res.body.documents).toContainEqual({
      source: 'overview-of-partnerships.md',
      title: 'Overview of Partnerships',
      sections: expect.any(Number),
    });
    for (const d of res.body.documents) expect(d.sections).toBeGreaterThan(0);
  });

  it('POST /api/compare returns the table with numbered citations', async () => {
    const res = await send('POST', `${server.url}/api/compare`, { models: ['JV', 'licensing'] });
    expect(res.status).toBe(200);
    expect(res.body.models.map((m: { id: string }) => m.id)).toEqual(['joint-venture', 'licensing-and-ip-sharing']);
    expect(res.body.rows).toHaveLength(7);
    const numbers = new Set(res.body.citations.map((c: { n: number }) => c.n));
    for (const row of res.body.rows) {
      for (const cell of row.cells) {
        for (const n of cell.citations) expect(numbers.has(n)).toBe(true);
        expect(cell.covered).toBe(cell.citations.length > 0);
      }
    }
    const single = await send('POST', `${server.url}/api/compare`, { models: ['joint venture vs co-creation'] });
    expect(single.status).toBe(200);
    expect(single.body.models.map((m: { id: string }) => m.id)).toEqual(['joint-venture', 'co-creation']);
  });

  it('answers 404 with suggestions for an unknown model, 400 for duplicates, counts and bad bodies', async () => {
    const unknown = await send('POST', `${server.url}/api/compare`, { models: ['jont venture', 'licensing'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'unknown_model',
      name: 'jont venture',
      suggestions: expect.arrayContaining(['Joint venture']),
      message: expect.stringMatching(/Did you mean "Joint venture"/),
    });
    const dup = await send('POST', `${server.url}/api/compare`, { models: ['JV', 'Joint Ventures'] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toMatch(/same model/);
    const one = await send('POST', `${server.url}/api/compare`, { models: ['JV'] });
    expect(one.status).toBe(400);
    expect(one.body.error.message).toMatch(/2 to 4/);
    const five = await send('POST', `${server.url}/api/compare`, {
      models: ['JV', 'M&A', 'PPP', 'licensing', 'co-creation'],
    });
    expect(five.status).toBe(400);
    expect(five.body.error.message).toMatch(/at most 4/);
    const wrong = await send('POST', `${server.url}/api/compare`, { models: 'JV' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/models must be a list of 2 to 4 model names/);
    const broken = await send('POST', `${server.url}/api/compare`, '{"models": [');
    expect(broken.status).toBe(400);
  });

  it('POST /api/recommend ranks models with reasons, citations and questions', async () => {
    const res = await send('POST', `${server.url}/api/recommend`, {
      situation: "We have a proprietary vision model and want a retailer's data without giving up our IP",
    });
    expect(res.status).toBe(200);
    expect(res.body.recommendations).toHaveLength(3);
    expect(res.body.recommendations[0].model.id).toBe('licensing-and-ip-sharing');
    expect(res.body.recommendations[0].reasons[0].citations[0]).toBe(1);
    expect(res.body.clarifyingQuestions.length).toBeGreaterThan(0);
    const empty = await send('POST', `${server.url}/api/recommend`, { situation: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/situation is empty/);
    const missing = await send('POST', `${server.url}/api/recommend`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/situation is required/);
  });
});
