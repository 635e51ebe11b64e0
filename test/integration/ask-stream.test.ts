import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CUT_SHORT_NOTICE, LLM_FALLBACK_NOTICE } from '../../src/core/advisor.js';
import { NOT_COVERED_MESSAGE } from '../../src/core/not-covered.js';
import { silentLogger } from '../../src/core/ports.js';
import type { AskEvent } from '../../src/core/stream/ask-stream.js';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub.js';

const QUESTION = 'What is a joint venture?';
const MODEL_ANSWER =
  'A joint venture creates a **new entity** owned by its parents [1]. They share control [2][9] and risk [1, 2].';

async function collect(events: AsyncIterable<AskEvent>): Promise<AskEvent[]> {
  const seen: AskEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const deltas = (events: AskEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
const done = (events: AskEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`the stream did not end with done: ${JSON.stringify(last)}`);
  return last;
};

describe('a streamed ask (PGlite, local OpenAI-compatible stub)', () => {
  let dir: string;
  let stub: OpenAIStub;
  let c: Composition;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'advisor-kb-'));
    await cp('knowledge', dir, { recursive: true });
    stub = await startOpenAIStub();
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      KNOWLEDGE_DIR: dir,
      CHAT_PROVIDER: 'openai',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '1500',
    });
    c = await compose(config, { logger: silentLogger });
    await c.advisor.reindex({ actor: 'test', trigger: 'test' });
  });
  afterAll(async () => {
    await c.close();
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    stub.setChatHandler(() => MODEL_ANSWER);
    stub.setPieceDelay(0);
  });

  it('yields status, the answer word by word, then the same result as ask', async () => {
    stub.setChatHandler(() => MODEL_ANSWER);
    const events = await collect(c.advisor.askStream(QUESTION));
    expect(events[0]).toEqual({ type: 'status', stage: 'searching', text: 'Searching the partnership chapters…' });
    expect(events[1]).toMatchObject({
      type: 'status',
      stage: 'writing',
      text: expect.stringMatching(/^Found \d+ relevant passages?; writing/),
    });
    const final = done(events);
    expect(final.revised).toBe(false);
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(10);
    expect(deltas(events)).toBe(final.result.answer);
    // The markers were finalised on the fly: [9] is gone, the rest renumbered.
    expect(final.result.answer).not.toContain('[9]');
    const asked = await c.advisor.ask(QUESTION);
    expect({ ...final.result, answerId: '', timings_ms: null }).toEqual({ ...asked, answerId: '', timings_ms: null });
  });

  it('gives an extractive answer (model down before it starts) as one delta, with the fallback notice', async () => {
    stub.enqueueFault({ status: 500, on: 'chat' });
    const events = await collect(c.advisor.askStream('What is co-creation?'));
    const final = done(events);
    expect(final.result.notices).toContain(LLM_FALLBACK_NOTICE);
    expect(events.filter((e) => e.type === 'delta')).toHaveLength(1);
    expect(deltas(events)).toBe(final.result.answer);
    expect(final.result.citations.length).toBeGreaterThan(0);
  });

  it('ends a model cut off mid-answer with the text so far and a notice', async () => {
    stub.enqueueFault({ cutAfterPieces: 14, on: 'chat' });
    const events = await collect(c.advisor.askStream(QUESTION));
    const final = done(events);
    expect(final.revised).toBe(false);
    expect(final.result.notices).toContain(CUT_SHORT_NOTICE);
    expect(deltas(events)).toBe(final.result.answer);
    expect(MODEL_ANSWER.startsWith(final.result.answer.slice(0, 30))).toBe(true);
    expect(final.result.answer.length).toBeLessThan(MODEL_ANSWER.length);
    expect(final.result.citations.length).toBeGreaterThan(0);
  });

  it('replaces a model cut off before its first citation with the extractive answer', async () => {
    stub.enqueueFault({ cutAfterPieces: 5, on: 'chat' });
    const events = await collect(c.advisor.askStream(QUESTION));
    const final = done(events);
    expect(deltas(events).length).toBeGreaterThan(0);
    expect(final.revised).toBe(true);
    expect(final.result.notices).toContain(LLM_FALLBACK_NOTICE);
    expect(final.result.citations.length).toBeGreaterThan(0);
  });

  it('says "not covered" without ever showing the model\'s NOT_COVERED', async () => {
    stub.setChatHandler(() => 'NOT_COVERED');
    const events = await collect(
      c.advisor.askStream('What does the chapter say about licensing royalties for AI patents?'),
    );
    expect(deltas(events)).toBe(NOT_COVERED_MESSAGE);
    expect(done(events)).toMatchObject({ revised: false, result: { abstained: true } });
  });

  it('streams a follow-up after rewriting it into a standalone query', async () => {
    stub.setChatHandler((messages) =>
      /standalone|rewrite/i.test(messages[0]?.content ?? '') ? 'risks of joint ventures' : 'They share risks [1].',
    );
    const events = await collect(
      c.advisor.askStream('and what are its risks?', {
        history: [{ question: QUESTION, answer: 'A joint venture is a new entity [1].' }],
      }),
    );
    expect(done(events).result).toMatchObject({
      searchQuery: 'risks of joint ventures',
      answer: 'They share risks [1].',
    });
  });

  it('refuses bad input before any event', async () => {
    const events = c.advisor.askStream('   ');
    await expect(events.next()).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('a reader that leaves early aborts the model call', async () => {
    stub.setPieceDelay(40);
    const seen: AskEvent[] = [];
    for await (const event of c.advisor.askStream(QUESTION)) {
      seen.push(event);
      if (event.type === 'delta') break;
    }
    await expect.poll(() => stub.streams.at(-1)?.outcome).toBe('closed by client');
    expect(stub.streams.at(-1)?.sent).toBeLessThan(10);
  });
});
