import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderAnswer, renderNotice } from '../../src/channels/slack/blocks.js';
import { StreamingRefusals, type StreamRendering, streamAnswer } from '../../src/channels/slack/stream-answer.js';
import { silentLogger } from '../../src/core/ports.js';
import { answerEvents, askResult, words } from '../support/answers.js';
import { type FakeSlack, startFakeSlack, TEAM_ID } from '../support/fake-slack.js';

const CHANNEL = 'C0STREAM';
const THREAD = '1700000000.000100';
const ANSWER =
  'A joint venture creates a **new entity** owned by its parents [1]. ' +
  'They share control, profits and losses in agreed proportions [2]. ' +
  'Governance needs a board with reserved matters and a clear exit route [1][2].';

const rendering: StreamRendering = {
  tail: (r) => renderAnswer(r).blocks.slice(-2),
  whole: (r) => renderAnswer(r),
  failure: () => renderNotice('Something went wrong on our side. Try again in a minute.'),
};

describe('streaming an answer into Slack (fake Slack Web API)', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2 } });
  });
  afterAll(() => slack.close());
  beforeEach(() => {
    slack.calls.length = 0;
  });

  const target = { channel: CHANNEL, threadTs: THREAD, recipient: { userId: 'U0ASKER', teamId: TEAM_ID } };
  const methods = () => slack.calls.map((c) => c.method);

  it('starts the stream with the first words, appends at most every 250 ms, and stops with sources and feedback', async () => {
    const outcome = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger);
    expect(outcome).toMatchObject({ via: 'stream', result: { answerId: 'answer-1' } });
    const [start, ...rest] = slack.calls;
    expect(start?.method).toBe('chat.startStream');
    expect(start?.args).toMatchObject({
      channel: CHANNEL,
      thread_ts: THREAD,
      recipient_user_id: 'U0ASKER',
      recipient_team_id: TEAM_ID,
    });
    expect(start?.args.chunks[0].text).toBe('A');
    expect(rest.at(-1)?.method).toBe('chat.stopStream');
    expect(rest.slice(0, -1).every((c) => c.method === 'chat.appendStream')).toBe(true);
    const paced = slack.calls.slice(0, -1);
    for (let i = 1; i < paced.length; i++) {
      expect((paced[i]?.at ?? 0) - (paced[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(240);
    }
    // 40 words at 20 ms: about 800 ms of text, so a handful of calls rather than one per word.
    expect(slack.calls.length).toBeLessThanOrEqual(6);
    const message = slack.message(CHANNEL, outcome.ts ?? '');
    expect(message?.text).toBe(ANSWER);
    expect(message?.blocks).toEqual(rendering.tail(askResult(ANSWER)));
  });

  it('keeps streamed text from pinging anyone or hiding where a link goes', async () => {
    const hostile = 'Tell <!channel> and @here, or <@U0BOSS>: see [the policy](https://evil.example/x) [1].';
    const outcome = await streamAnswer(client, target, answerEvents(hostile, { everyMs: 1 }), rendering, silentLogger);
    const text = slack.message(CHANNEL, outcome.ts ?? '')?.text ?? '';
    expect(text).not.toMatch(/<[!@]/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toMatch(/@here\b/);
    expect(text).toContain('the policy (https://evil.example/x) [1]');
  });

  it('backs off on 429 without losing or repeating text', async () => {
    slack.fail('chat.appendStream', { rateLimitedFor: 1 });
    const outcome = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger);
    expect(slack.message(CHANNEL, outcome.ts ?? '')?.text).toBe(ANSWER);
    const appends = slack.callsOf('chat.appendStream');
    // The refused call is retried after Retry-After; meanwhile the rest of the answer waits for it.
    expect((appends[1]?.at ?? 0) - (appends[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(appends.length).toBeLessThanOrEqual(3);
  });

  it('posts and then updates the answer when Slack refuses to stream', async () => {
    slack.fail('chat.startStream', { error: 'not_allowed' });
    const outcome = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger, {
      updateEveryMs: 300,
    });
    expect(outcome.via).toBe('post');
    expect(methods()).toEqual(['chat.startStream', 'chat.postMessage', ...methods().slice(2)]);
    expect(
      methods()
        .slice(2)
        .every((m) => m === 'chat.update'),
    ).toBe(true);
    const message = slack.message(CHANNEL, outcome.ts ?? '');
    expect(message?.blocks).toEqual(renderAnswer(askResult(ANSWER)).blocks);
  });

  it("remembers a channel's refusal: its next answer is posted and updated without trying to stream again", async () => {
    const refusals = new StreamingRefusals();
    const elsewhere = { ...target, channel: 'C0OTHER' };
    slack.fail('chat.startStream', { error: 'not_allowed' });
    const first = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger, {
      refusals,
    });
    expect(first.via).toBe('post');
    slack.calls.length = 0;
    const second = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger, {
      refusals,
    });
    expect(second.via).toBe('post');
    expect(methods()).not.toContain('chat.startStream');
    expect(slack.message(CHANNEL, second.ts ?? '')?.blocks).toEqual(renderAnswer(askResult(ANSWER)).blocks);
    // Another channel still streams.
    const other = await streamAnswer(
      client,
      elsewhere,
      answerEvents(ANSWER, { everyMs: 20 }),
      rendering,
      silentLogger,
      {
        refusals,
      },
    );
    expect(other.via).toBe('stream');
  });

  it('does not take a rate limit for a refusal', async () => {
    const refusals = new StreamingRefusals();
    // The client tries three times (retries: 2), each one rate-limited.
    slack.fail('chat.startStream', { rateLimitedFor: 0 }, 3);
    const first = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger, {
      refusals,
    });
    expect(first.via).toBe('post');
    expect(refusals.has(CHANNEL)).toBe(false);
  });

  it('finishes a stream whose appends start failing with the rest of the answer, once', async () => {
    slack.fail('chat.appendStream', { error: 'internal_error' });
    const outcome = await streamAnswer(client, target, answerEvents(ANSWER, { everyMs: 20 }), rendering, silentLogger);
    expect(slack.callsOf('chat.appendStream')).toHaveLength(1);
    expect(slack.message(CHANNEL, outcome.ts ?? '')?.text).toBe(ANSWER);
  });

  it('replaces the streamed message with the whole answer when stopping fails', async () => {
    slack.fail('chat.stopStream', { error: 'internal_error' });
    const outcome = await streamAnswer(client, target, answerEvents(ANSWER), rendering, silentLogger);
    expect(methods().at(-1)).toBe('chat.update');
    expect(slack.message(CHANNEL, outcome.ts ?? '')?.blocks).toEqual(renderAnswer(askResult(ANSWER)).blocks);
  });

  it('shows the final answer in place of streamed text it does not continue', async () => {
    const final = askResult('Quoted from the chapters instead [1].', ['The language model gave no sources.']);
    const outcome = await streamAnswer(
      client,
      target,
      answerEvents('Something without sources.', { final, revised: true }),
      rendering,
      silentLogger,
    );
    expect(methods().slice(-2)).toEqual(['chat.stopStream', 'chat.update']);
    expect(slack.message(CHANNEL, outcome.ts ?? '')?.blocks).toEqual(renderAnswer(final).blocks);
  });

  it('ends a stream that fails half-way with the text so far and a notice', async () => {
    const outcome = await streamAnswer(
      client,
      target,
      answerEvents(ANSWER, { everyMs: 5, failAfter: 8 }),
      rendering,
      silentLogger,
    );
    expect(outcome.result).toBeUndefined();
    const message = slack.message(CHANNEL, outcome.ts ?? '');
    expect(ANSWER.startsWith(message?.text ?? 'x')).toBe(true);
    // Eight words were written before the failure; all of them stay.
    expect(message?.text).toBe(words(ANSWER).slice(0, 8).join(''));
    expect(JSON.stringify(message?.blocks)).toContain('Something went wrong');
  });
});
