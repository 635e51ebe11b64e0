/**
 * Slack answers written by a hosted model, end to end: signed events into the advisor server, a
 * local OpenAI-compatible stub that streams the answer word by word, a fake Slack Web API that
 * records chat.startStream / appendStream / stopStream, and PGlite underneath.
 */
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CUT_SHORT_NOTICE, LLM_FALLBACK_NOTICE } from '../../src/core/advisor.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import {
  type FakeSlack,
  mentionEnvelope,
  postSigned,
  type StoredMessage,
  startFakeSlack,
  TEAM_ID,
  waitFor,
} from '../support/fake-slack.js';
import { type OpenAIStub, startOpenAIStub, stubChatEnv } from '../support/openai-stub.js';

const SECRET = 'stream-signing-secret-0123456789';
const CHANNEL = 'C0STREAM1';
const REFUSING_CHANNEL = 'C0REFUSES';
const ANSWER =
  'A joint venture creates a **new entity** owned by its parents [1]. ' +
  'The parents share control, profits and losses in agreed proportions [2]. ' +
  'Governance needs a board with reserved matters and a clear exit route [1].';

let fake: FakeSlack;
let stub: OpenAIStub;
let server: AdvisorServer;
let events = 0;

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the fake Slack received it.
const blocksOf = (m: StoredMessage) => (m.blocks ?? []) as any[];
const hasFeedback = (m: StoredMessage) => blocksOf(m).some((b) => b.type === 'context_actions');

async function mention(
  text: string,
  options: { eventId?: string; headers?: Record<string, string>; channel?: string } = {},
) {
  const { ts, body: envelope } = mentionEnvelope(fake, {
    eventId: options.eventId ?? `EvStream${++events}`,
    user: 'USTREAM1',
    channel: options.channel ?? CHANNEL,
    question: text,
    authorized: true,
  });
  const res = await postSigned(`${server.url}/slack/events`, SECRET, { json: envelope }, { headers: options.headers });
  expect(res.status).toBe(200);
  return { ts, envelope };
}

const callsIn = (method: string, threadTs: string, ts?: string) =>
  fake.callsOf(method).filter((c) => c.args.thread_ts === threadTs || (ts !== undefined && c.args.ts === ts));

beforeAll(async () => {
  fake = await startFakeSlack();
  stub = await startOpenAIStub({ pieceDelayMs: 25 });
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-stream-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    // A stream that stops sending fails after 1.5 s (the mid-answer failures below).
    ...stubChatEnv(stub, { timeoutMs: 1500 }),
  });
  server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
  await fake?.close();
});
afterEach(() => {
  stub.setChatHandler(() => ANSWER);
});

describe('Slack answers as the model writes them', () => {
  it('streams a mention: the first words at once, appends at most every 250 ms, sources and feedback at the stop', async () => {
    stub.setChatHandler(() => ANSWER);
    const { ts } = await mention('What is a joint venture?');
    const answer = await waitFor(() => fake.answersIn(CHANNEL, ts)[0]);
    const [start, ...more] = callsIn('chat.startStream', ts);
    expect(more).toEqual([]);
    expect(start?.args).toMatchObject({ recipient_user_id: 'USTREAM1', recipient_team_id: TEAM_ID });
    const streamTs = answer.ts;
    const appends = callsIn('chat.appendStream', ts, streamTs);
    const stops = callsIn('chat.stopStream', ts, streamTs);
    expect(stops).toHaveLength(1);
    // 30 words at 25 ms: written over about 750 ms, so several appends but nowhere near one per word.
    expect(appends.length).toBeGreaterThan(0);
    expect(appends.length).toBeLessThan(8);
    const paced = [start, ...appends];
    for (let i = 1; i < paced.length; i++) {
      expect((paced[i]?.at ?? 0) - (paced[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(240);
    }
    // The first words arrived before the model had finished writing.
    expect(start?.args.chunks[0].text.length).toBeLessThan(ANSWER.length / 2);
    expect(answer.text).toBe(ANSWER);
    expect(hasFeedback(answer)).toBe(true);
    expect(JSON.stringify(blocksOf(answer))).toContain('*Sources*');
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toEqual([]);
  });

  it('ends an answer whose model fails mid-stream with the text so far and a notice', async () => {
    stub.setChatHandler(() => ANSWER);
    stub.enqueueFault({ stallAfterPieces: 14, on: 'chat' });
    const { ts } = await mention('What is a joint venture, briefly?');
    const answer = await waitFor(() => fake.answersIn(CHANNEL, ts)[0]);
    expect(ANSWER.startsWith(answer.text)).toBe(true);
    expect(answer.text.length).toBeLessThan(ANSWER.length);
    expect(answer.text).toMatch(/\[1\]/);
    expect(JSON.stringify(blocksOf(answer))).toContain(CUT_SHORT_NOTICE);
    expect(hasFeedback(answer)).toBe(true);
  });

  it('replaces streamed text that the model never grounded with the quoted passages', async () => {
    stub.setChatHandler(() => ANSWER);
    stub.enqueueFault({ stallAfterPieces: 5, on: 'chat' });
    const { ts } = await mention('What does a joint venture create?');
    // The stream stops first (with nothing attached), then the update brings the final answer.
    const answer = await waitFor(() => {
      const [m] = fake.answersIn(CHANNEL, ts);
      return m && hasFeedback(m) && m;
    });
    expect(callsIn('chat.update', ts, answer.ts)).toHaveLength(1);
    expect(JSON.stringify(blocksOf(answer))).toContain(LLM_FALLBACK_NOTICE);
    expect(blocksOf(answer)[0].type).toBe('markdown');
    expect(hasFeedback(answer)).toBe(true);
  });

  it('posts and then updates the answer when Slack refuses to stream, losing nothing', async () => {
    stub.setChatHandler(() => ANSWER);
    fake.fail('chat.startStream', { error: 'not_allowed_token_type' });
    // A channel of its own: the server remembers the refusal for this channel (and posts its next answers).
    const { ts } = await mention('Who controls a joint venture?', { channel: REFUSING_CHANNEL });
    const answer = await waitFor(() => {
      const [m] = fake.answersIn(REFUSING_CHANNEL, ts);
      return m && hasFeedback(m) && m;
    });
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(callsIn('chat.update', ts, answer.ts).length).toBeGreaterThan(0);
    expect(blocksOf(answer)[0]).toEqual({ type: 'markdown', text: ANSWER });

    // The channel's next answer is posted and updated at once: no second failed start.
    const next = await mention('Who owns a joint venture?', { channel: REFUSING_CHANNEL });
    await waitFor(() => {
      const [m] = fake.answersIn(REFUSING_CHANNEL, next.ts);
      return m && hasFeedback(m) && m;
    });
    expect(callsIn('chat.startStream', next.ts)).toHaveLength(0);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === next.ts)).toHaveLength(1);
  });

  it('answers once when Slack retries the event while the answer is streaming', async () => {
    stub.setChatHandler(() => ANSWER);
    const { ts, envelope } = await mention('What are the parts of JV governance?');
    await waitFor(() => callsIn('chat.startStream', ts).length > 0);
    const retry = await postSigned(
      `${server.url}/slack/events`,
      SECRET,
      { json: envelope },
      { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } },
    );
    expect(retry.status).toBe(200);
    await waitFor(() => fake.answersIn(CHANNEL, ts)[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(callsIn('chat.startStream', ts)).toHaveLength(1);
    expect(fake.answersIn(CHANNEL, ts)).toHaveLength(1);
  });
});
