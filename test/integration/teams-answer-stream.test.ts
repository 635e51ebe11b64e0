/**
 * Teams answers written by a hosted model, end to end: Bot Framework activities POSTed to
 * /api/messages (emulator mode), a local OpenAI-compatible stub streaming the answer word by word,
 * a fake Bot Connector recording every activity and its streaminfo entity, PGlite underneath.
 */
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CUT_SHORT_NOTICE } from '../../src/core/advisor.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { type OpenAIStub, startOpenAIStub, stubChatEnv } from '../support/openai-stub.js';
import { BOT, message, post } from '../support/teams-activities.js';

const ANSWER =
  'A joint venture creates a new entity owned by its parents [1]. ' +
  'The parents share control, profits and losses in agreed proportions [2]. ' +
  'Governance needs a board with reserved matters and a clear exit route [1].';

let connector: FakeConnector;
let stub: OpenAIStub;
let server: AdvisorServer;
let seq = 0;

beforeAll(async () => {
  connector = await startFakeConnector();
  stub = await startOpenAIStub({ pieceDelayMs: 40 });
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TEAMS_ENABLED: 'true',
    // A stream that stops sending fails after 1.5 s (the mid-answer failures below).
    ...stubChatEnv(stub, { timeoutMs: 1500 }),
  });
  server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
  await connector?.close();
});
afterEach(() => stub.setChatHandler(() => ANSWER));

describe('Teams answers as the model writes them', () => {
  it('streams a personal chat: informative update, growing text with increasing sequence, final with citations', async () => {
    stub.setChatHandler(() => ANSWER);
    const conversation = `a:stream-personal-${++seq}`;
    const res = await post(server.url, message(connector, 'What is a joint venture?', { conversation }));
    expect(res.status).toBe(200);
    const steps = connector.streamOf(conversation);
    expect(steps[0]).toMatchObject({ activityType: 'typing', streamType: 'informative', streamSequence: 1 });
    expect(steps[0]?.text).toBe('Searching the partnership chapters…');
    const streamId = steps[0]?.assignedId;
    const updates = steps.filter((s) => s.streamType === 'streaming');
    // 30 words at 40 ms, shown every 500 ms: a few updates, each the whole text so far.
    expect(updates.length).toBeGreaterThan(1);
    let previous = '';
    for (const update of updates) {
      expect(update).toMatchObject({ activityType: 'typing', streamId });
      expect(ANSWER.startsWith(update.text)).toBe(true);
      expect(update.text.length).toBeGreaterThan(previous.length);
      previous = update.text;
    }
    const sequences = steps.slice(0, -1).map((s) => s.streamSequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(steps.at(-1)).toMatchObject({ activityType: 'message', streamType: 'final', streamId, text: ANSWER });
    const final = connector.messages(conversation).at(-1)?.activity;
    expect(final.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const ai = final.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(ai.additionalType).toEqual(['AIGeneratedContent']);
    expect(ai.citation.map((c: { position: number }) => c.position)).toEqual([1, 2]);

    // The feedback buttons of the streamed message name the stream: the vote finds its answer.
    const vote = await post(server.url, {
      type: 'invoke',
      name: 'message/submitAction',
      id: `invoke-stream-${seq}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:user-1', aadObjectId: 'aad-stream-voter' },
      recipient: BOT,
      conversation: { id: conversation, conversationType: 'personal' },
      replyToId: streamId,
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{}' } },
    });
    expect(vote.status).toBe(200);
  });

  it('posts only the final message in a group chat', async () => {
    stub.setChatHandler(() => ANSWER);
    const conversation = `19:group-stream-${++seq}@thread.v2`;
    await post(
      server.url,
      message(connector, 'What is a joint venture?', { conversation, conversationType: 'groupChat', mention: true }),
    );
    const steps = connector.streamOf(conversation);
    expect(steps.every((s) => s.streamType === undefined)).toBe(true);
    expect(connector.messages(conversation)).toHaveLength(1);
    expect(connector.messages(conversation)[0]?.activity.text).toBe(ANSWER);
  });

  it('ends an answer whose model fails mid-stream with the text so far and a notice', async () => {
    stub.setChatHandler(() => ANSWER);
    stub.enqueueFault({ stallAfterPieces: 14, on: 'chat' });
    const conversation = `a:stream-cut-${++seq}`;
    await post(server.url, message(connector, 'What is a joint venture, briefly?', { conversation }));
    const final = connector.streamOf(conversation).at(-1);
    expect(final?.streamType).toBe('final');
    const [text, notice] = (final?.text ?? '').split('\n\n');
    expect(ANSWER.startsWith(text ?? 'x')).toBe(true);
    expect(text?.length).toBeLessThan(ANSWER.length);
    expect(notice).toBe(`_${CUT_SHORT_NOTICE}_`);
  });

  it('sends the answer as one message when Teams refuses the stream', async () => {
    stub.setChatHandler(() => ANSWER);
    connector.failNext(403);
    const conversation = `a:stream-refused-${++seq}`;
    await post(server.url, message(connector, 'Who controls a joint venture?', { conversation }));
    const messages = connector.messages(conversation);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.activity.text).toBe(ANSWER);
    expect(connector.streamOf(conversation).every((s) => s.streamType === undefined)).toBe(true);
  });

  it('stops answering when the user presses Stop: the model call is abandoned and nothing more is sent', async () => {
    stub.setChatHandler(() => ANSWER);
    const conversation = `a:stream-stopped-${++seq}`;
    const posted = post(server.url, message(connector, 'What is a joint venture, and who runs it?', { conversation }));
    const streaming = () => connector.streamOf(conversation).filter((s) => s.streamType === 'streaming');
    while (streaming().length === 0) await new Promise((r) => setTimeout(r, 10));
    // Teams answers the next update of a stopped stream with 403.
    connector.failNext(403);
    expect((await posted).status).toBe(200);
    const model = stub.streams.at(-1);
    await expect.poll(() => model?.outcome, { timeout: 3000 }).toBe('closed by client');
    expect(model?.sent).toBeLessThan(ANSWER.split(' ').length);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.messages(conversation)).toEqual([]);
    expect(connector.streamOf(conversation).some((s) => s.streamType === 'final')).toBe(false);
  });
});

describe('a Teams stream that outlives the HTTP request', () => {
  let quick: AdvisorServer;
  beforeAll(async () => {
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      TEAMS_ENABLED: 'true',
      ...stubChatEnv(stub),
    });
    // The request ends after 300 ms; the answer takes about 1.2 s.
    quick = await startAdvisorServer(config, { logger: pino({ level: 'silent' }), teams: { replyBudgetMs: 300 } });
  });
  afterAll(() => quick?.close());

  it('goes on in a proactive turn: one stream, one sequence, one final message', async () => {
    stub.setChatHandler(() => ANSWER);
    const conversation = `a:stream-long-${++seq}`;
    const started = performance.now();
    const res = await post(quick.url, message(connector, 'What is a joint venture?', { conversation }));
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    const [final] = await connector.waitForMessages(conversation, 1);
    const steps = connector.streamOf(conversation);
    const streamId = steps[0]?.assignedId;
    // Updates were sent both within the request and after it, as one stream.
    const updates = steps.filter((s) => s.streamType === 'streaming');
    expect(updates.some((u) => u.text.length < ANSWER.length / 3)).toBe(true);
    expect(steps.slice(1).every((s) => s.streamId === streamId)).toBe(true);
    const sequences = steps.slice(0, -1).map((s) => s.streamSequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(steps.at(-1)).toMatchObject({ activityType: 'message', streamType: 'final', text: ANSWER });
    expect(final?.activity.text).toBe(ANSWER);
    expect(connector.messages(conversation)).toHaveLength(1);
  });
});
