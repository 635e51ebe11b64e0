import type { ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../src/channels/teams/render-answer.js';
import { streamReply, type TeamsStreamRendering } from '../../src/channels/teams/stream-reply.js';
import { createTeamsAdapter } from '../../src/channels/teams/teams-router.js';
import { silentLogger } from '../../src/core/ports.js';
import type { AskEvent } from '../../src/core/stream/ask-stream.js';
import { answerEvents, words } from '../support/answers.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';

const ANSWER =
  'A joint venture creates a **new entity** owned by its parents [1]. ' +
  'They share control, profits and losses in agreed proportions [2].';

const rendering: TeamsStreamRendering = {
  final: (r) => renderAnswer(r).message,
  failure: () => ({ type: 'message', text: '_Something went wrong on our side. Try again in a minute._' }),
  progress: (text) => text,
};

describe('streaming an answer into a Teams personal chat (fake Bot Connector)', () => {
  let connector: FakeConnector;
  const adapter = createTeamsAdapter(
    { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'MultiTenant' },
    silentLogger,
  );
  let seq = 0;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());

  /** Runs the sender in a turn of a new personal conversation; returns the conversation id. */
  async function stream(events: AsyncIterable<AskEvent>, pacing = { updateEveryMs: 100 }) {
    const conversationId = `a:stream-${++seq}`;
    const reference: Partial<ConversationReference> = {
      serviceUrl: connector.url,
      channelId: 'msteams',
      conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' },
      bot: { id: '28:advisor-bot', name: 'Partnership Advisor' },
      user: { id: '29:user-1', name: 'Dana' },
    };
    let outcome: Awaited<ReturnType<typeof streamReply>> | undefined;
    await adapter.continueConversationAsync('', reference, async (context) => {
      outcome = await streamReply((a) => context.sendActivity(a), events, rendering, silentLogger, pacing);
    });
    if (!outcome) throw new Error('the turn did not run');
    return { conversationId, outcome, steps: connector.streamOf(conversationId) };
  }

  it('sends informative updates, then the growing text with increasing sequence, then the final message', async () => {
    const { outcome, steps } = await stream(answerEvents(ANSWER, { everyMs: 15 }));
    expect(outcome.streamed).toBe(true);
    const streamId = steps[0]?.assignedId;
    expect(steps[0]).toMatchObject({ activityType: 'typing', streamType: 'informative', streamSequence: 1 });
    expect(steps[0]?.text).toBe('Searching the partnership chapters…');
    expect(steps[1]).toMatchObject({ activityType: 'typing', streamType: 'informative', streamSequence: 2, streamId });
    const updates = steps.filter((s) => s.streamType === 'streaming');
    expect(updates.length).toBeGreaterThan(1);
    let previous = '';
    for (const [i, u] of updates.entries()) {
      expect(u).toMatchObject({ activityType: 'typing', streamSequence: i + 3, streamId });
      // Each update carries the whole text so far.
      expect(ANSWER.startsWith(u.text)).toBe(true);
      expect(u.text.length).toBeGreaterThan(previous.length);
      previous = u.text;
    }
    const final = steps.at(-1);
    expect(final).toMatchObject({ activityType: 'message', streamType: 'final', streamId, text: ANSWER });
    expect(final?.streamSequence).toBeUndefined();
    const message = connector.sent.at(-1)?.activity;
    expect(message.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const ai = message.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(ai.additionalType).toEqual(['AIGeneratedContent']);
    expect(ai.citation.map((c: { position: number }) => c.position)).toEqual([1, 2]);
    expect(outcome.messageIds).toContain(streamId);
  });

  it('keeps the text so far with a notice when answering fails half-way', async () => {
    const { outcome, steps } = await stream(answerEvents(ANSWER, { everyMs: 5, failAfter: 6 }));
    expect(outcome.result).toBeUndefined();
    const final = steps.at(-1);
    expect(final?.streamType).toBe('final');
    expect(final?.text).toBe(
      `${words(ANSWER).slice(0, 6).join('')}\n\n_Something went wrong on our side. Try again in a minute._`,
    );
  });

  it('sends the answer as one plain message when Teams refuses the stream', async () => {
    connector.failNext(403);
    const { outcome, steps } = await stream(answerEvents(ANSWER));
    expect(outcome.streamed).toBe(false);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ activityType: 'message', streamType: undefined, text: ANSWER });
  });
});
