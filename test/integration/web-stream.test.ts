import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CUT_SHORT_NOTICE } from '../../src/core/advisor.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type OpenAIStub, startOpenAIStub, stubChatEnv } from '../support/openai-stub.js';

const ANSWER = 'A joint venture creates a new entity owned by its parents [1]. They share control and risk [2].';

/** POSTs a question asking for an event stream; returns the events in order. */
async function streamAsk(url: string, body: unknown) {
  const response = await fetch(`${url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1],
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
    }));
  return { response, text, events };
}

describe('POST /api/ask as Server-Sent Events', () => {
  let stub: OpenAIStub;
  let server: AdvisorServer;
  beforeAll(async () => {
    stub = await startOpenAIStub({ pieceDelayMs: 5 });
    stub.setChatHandler(() => ANSWER);
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      // A stream that stops sending fails after 1.5 s (the mid-answer failures below).
      ...stubChatEnv(stub, { timeoutMs: 1500 }),
    });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server?.close();
    await stub?.close();
  });

  it('sends status, the answer as it is written, then done with the usual JSON', async () => {
    const { response, events } = await streamAsk(server.url, { question: 'What is a joint venture?' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events[0]).toEqual({
      event: 'status',
      data: { stage: 'searching', text: 'Searching the partnership chapters…' },
    });
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(5);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect(deltas.map((d) => d.data.text).join('')).toBe(done?.data.answer);
    expect(done?.data).toMatchObject({ answer: ANSWER, abstained: false, revised: false });
    expect(done?.data.citations.map((c: { n: number }) => c.n)).toEqual([1, 2]);
  });

  it('keeps JSON for Accept: application/json, and answers bad input with a JSON 400', async () => {
    const json = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ question: 'What is a joint venture?' }),
    });
    expect(json.headers.get('content-type')).toMatch(/json/);
    expect((await json.json()).answer).toBe(ANSWER);
    const bad = await streamAsk(server.url, { question: '   ' });
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('bad_input');
  });

  it('ends an answer whose model fails mid-stream with the text so far and a notice', async () => {
    // A stream that stops sending (rather than a cut connection, whose last pieces a busy reader may lose).
    stub.enqueueFault({ stallAfterPieces: 12, on: 'chat' });
    const { events } = await streamAsk(server.url, { question: 'What is a joint venture?' });
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect(done?.data.notices).toContain(CUT_SHORT_NOTICE);
    expect(ANSWER.startsWith(done?.data.answer)).toBe(true);
    expect(
      events
        .filter((e) => e.event === 'delta')
        .map((d) => d.data.text)
        .join(''),
    ).toBe(done?.data.answer);
  });

  it('stops the model call when the reader disconnects mid-answer', async () => {
    stub.setPieceDelay(60);
    const reader = new AbortController();
    try {
      const response = await fetch(`${server.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ question: 'What are the risks of a joint venture?' }),
        signal: reader.signal,
      });
      const body = response.body?.getReader();
      let seen = '';
      while (!seen.includes('event: delta')) {
        const chunk = await body?.read();
        if (!chunk || chunk.done) throw new Error('the stream ended before any text');
        seen += new TextDecoder().decode(chunk.value);
      }
      reader.abort();
      const stream = stub.streams.at(-1);
      await expect.poll(() => stream?.outcome, { timeout: 3000 }).toBe('closed by client');
      // The model was stopped within a piece or two of the disconnect, far from the end of the answer.
      expect(stream?.sent).toBeLessThan(ANSWER.split(' ').length - 4);
    } finally {
      stub.setPieceDelay(5);
    }
  });
});
