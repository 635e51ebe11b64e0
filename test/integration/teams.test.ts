/**
 * The Teams bot through its real protocol: Bot Framework activities POSTed to /api/messages of the
 * advisor server (emulator mode: no app id), replies captured by a fake Bot Connector on 127.0.0.1,
 * everything stored in PGlite served over the PostgreSQL wire protocol.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ChatModel } from '../../src/core/ports.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';
import { BOT, message, post, textBlocks } from '../support/teams-activities.js';
import { linksIn, shownText } from '../support/teams-markdown.js';

const silent = pino({ level: 'silent' });
const ADMIN = 'aad-admin-0001';
let seq = 0;

describe('Teams bot on /api/messages', () => {
  let pg: PgliteServer;
  let connector: FakeConnector;
  let server: AdvisorServer;

  beforeAll(async () => {
    [pg, connector] = await Promise.all([startPgliteServer(), startFakeConnector()]);
    const config = loadConfig({
      DATABASE_URL: pg.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      TEAMS_ENABLED: 'true',
      TEAMS_ADMIN_AAD_IDS: `someone-else, ${ADMIN}`,
      RATE_LIMIT_PER_MINUTE: '3',
    });
    server = await startAdvisorServer(config, { logger: silent });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
    await pg?.close();
  });

  const rows = async <T>(sql: string, params: unknown[] = []) => (await pg.db.query<T>(sql, params)).rows;

  it('answers a personal chat with [n] markers, citation entities, the AI label and feedback buttons', async () => {
    const activity = message(connector, 'What are the main risks of forming a joint venture?');
    const res = await post(server.url, activity);
    expect(res.status).toBe(200);

    const sent = connector.sent.filter((s) => s.conversationId === activity.conversation.id);
    // Streamed (a personal chat): informative updates, the text as typing updates, then the final message.
    const steps = connector.streamOf(activity.conversation.id);
    expect(steps[0]).toMatchObject({ activityType: 'typing', streamType: 'informative', streamSequence: 1 });
    expect(steps[0]?.text).toBe('Searching the partnership chapters…');
    const streamId = steps[0]?.assignedId;
    expect(steps.slice(1, -1).every((s) => s.activityType === 'typing' && s.streamId === streamId)).toBe(true);
    expect(steps.slice(0, -1).map((s) => s.streamSequence)).toEqual(steps.slice(0, -1).map((_, i) => i + 1));
    expect(steps.at(-1)).toMatchObject({ activityType: 'message', streamType: 'final', streamId });
    const reply = sent.at(-1);
    if (!reply) throw new Error('no reply');
    expect(reply.replyToId).toBe(activity.id);
    const { text, entities, channelData } = reply.activity;
    // The final message is the streamed text under the coverage notice.
    expect(text).toContain(steps.find((s) => s.streamType === 'streaming')?.text ?? 'x');
    expect(channelData).toEqual({ feedbackLoopEnabled: true });
    const entity = entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', '@id': '' });
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect(entity.citation.length).toBeGreaterThan(0);
    for (const claim of entity.citation) {
      expect(text).toContain(`[${claim.position}]`);
      expect(claim['@type']).toBe('Claim');
      expect(claim.appearance['@type']).toBe('DigitalDocument');
      expect(claim.appearance.name.length).toBeGreaterThan(0);
      expect(claim.appearance.name.length).toBeLessThanOrEqual(80);
      expect(claim.appearance.abstract.length).toBeGreaterThan(20);
      expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(claim.appearance.keywords.length).toBeLessThanOrEqual(3);
    }
    // Partly covered (no risks specific to joint ventures): the notice comes first, in bold, then the
    // answer that says what is missing.
    expect(text).toMatch(
      /^\*\*⚠️ Partly covered by the chapters\.\*\*\n\nThe chapters don.t cover risks specific to joint ventures\./,
    );
    expect(JSON.stringify(entity.citation).toLowerCase()).toMatch(/challenges|disputes/);
    const [turn] = await rows<{ question: string }>(
      'SELECT question FROM conversation_turns WHERE conversation_id = $1',
      [`teams:${activity.conversation.id}`],
    );
    expect(turn?.question).toBe('What are the main risks of forming a joint venture?');
  });

  it('returns the replies in the response body with deliveryMode expectReplies', async () => {
    const before = connector.sent.length;
    const res = await post(
      server.url,
      message(connector, 'What is co-creation in an AI partnership?', { deliveryMode: 'expectReplies' }),
    );
    expect(res.status).toBe(200);
    const replies = res.body.activities.filter((a: { type: string }) => a.type === 'message');
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/\[1\]/);
    expect(replies[0].entities[0].citation.length).toBeGreaterThan(0);
    expect(connector.sent.length).toBe(before);
  });

  it('ignores channel messages that do not mention it, and answers the ones that do without the mention', async () => {
    const thread = '19:general@thread.tacv2;messageid=1700000000001';
    const quiet = await post(
      server.url,
      message(connector, 'What is a joint venture?', { conversation: thread, conversationType: 'channel' }),
    );
    expect(quiet.status).toBe(200);
    expect(connector.sent.filter((s) => s.conversationId === thread)).toEqual([]);

    const asked = message(connector, 'What is a joint venture?', {
      conversation: thread,
      conversationType: 'channel',
      mention: true,
    });
    expect((await post(server.url, asked)).status).toBe(200);
    const [reply] = connector.messages(thread);
    expect(reply?.replyToId).toBe(asked.id);
    expect(reply?.activity.text).toMatch(/\[1\]/);
    const stored = await rows<{ question: string }>(
      'SELECT question FROM conversation_turns WHERE conversation_id = $1',
      [`teams:${thread}`],
    );
    expect(stored.map((r) => r.question)).toEqual(['What is a joint venture?']);
  });

  it('answers group chats only when mentioned', async () => {
    const group = '19:group-chat@thread.v2';
    await post(server.url, message(connector, 'help', { conversation: group, conversationType: 'groupChat' }));
    expect(connector.messages(group)).toEqual([]);
    await post(
      server.url,
      message(connector, 'help', { conversation: group, conversationType: 'groupChat', mention: true }),
    );
    expect(connector.messages(group)).toHaveLength(1);
  });

  it('uses the earlier turns of the conversation for a follow-up', async () => {
    const conversation = 'a:follow-up-chat';
    await post(server.url, message(connector, 'How does licensing work for AI technology?', { conversation }));
    await post(server.url, message(connector, 'and what are its risks?', { conversation }));
    const [, followUp] = connector.messages(conversation);
    const citations = followUp?.activity.entities[0].citation ?? [];
    expect(citations.length).toBeGreaterThan(0);
    expect(JSON.stringify(citations).toLowerCase()).toMatch(/licens/);

    // The same words in a fresh conversation have nothing to follow up on.
    const fresh = 'a:fresh-chat';
    await post(server.url, message(connector, 'and what are its risks?', { conversation: fresh }));
    const [alone] = connector.messages(fresh);
    expect(JSON.stringify(alone?.activity.entities[0].citation ?? []).toLowerCase()).not.toMatch(/licens/);
  });

  it('answers a redelivered activity once', async () => {
    const conversation = 'a:retry-chat';
    const activity = message(connector, 'What is a strategic alliance?', { conversation });
    const results = await Promise.all([post(server.url, activity), post(server.url, activity)]);
    await post(server.url, activity);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(connector.messages(conversation)).toHaveLength(1);
  });

  it('stores feedback from the thumbs buttons against the answer the message carried', async () => {
    const conversation = 'a:feedback-chat';
    await post(server.url, message(connector, 'What are the benefits of licensing?', { conversation }));
    const [reply] = connector.messages(conversation);
    const invoke = {
      type: 'invoke',
      name: 'message/submitAction',
      id: `invoke-${++seq}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:user-1', aadObjectId: 'aad-voter-1' },
      recipient: BOT,
      conversation: { id: conversation, conversationType: 'personal' },
      replyToId: reply?.id,
      value: {
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Too generic' }) },
      },
    };
    const res = await post(server.url, invoke);
    expect(res.status).toBe(200);
    const feedback = await rows<{ vote: string; comment: string; user_id: string; channel: string; question: string }>(
      `SELECT f.vote, f.comment, f.user_id, f.channel, a.question
         FROM feedback f JOIN answers a USING (answer_id) WHERE f.user_id = 'aad-voter-1'`,
    );
    expect(feedback).toEqual([
      {
        vote: 'down',
        comment: 'Too generic',
        user_id: 'aad-voter-1',
        channel: 'teams',
        question: 'What are the benefits of licensing?',
      },
    ]);

    const unknown = await post(server.url, { ...invoke, id: 'invoke-x', replyToId: 'no-such-message' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no stored answer/);
    const malformed = await post(server.url, { ...invoke, id: 'invoke-y', value: { actionName: 'feedback' } });
    expect(malformed.status).toBe(400);
  });

  it('counts no one as an admin in emulator mode, not even an id in TEAMS_ADMIN_AAD_IDS', async () => {
    const conversation = 'a:admin-chat';
    await post(server.url, message(connector, 'reindex', { conversation, aad: ADMIN }));
    const [refused] = connector.messages(conversation);
    expect(refused?.activity.text).toMatch(/Admin commands need a configured bot/);
    expect(await rows(`SELECT 1 FROM index_runs WHERE trigger = 'teams'`)).toEqual([]);
  });

  it('limits questions per user per minute, with a message that says when to ask again', async () => {
    const conversation = 'a:busy-chat';
    for (const q of ['What is licensing?', 'What is co-creation?', 'What is a joint venture?', 'What is M&A?'])
      await post(server.url, message(connector, q, { conversation, aad: 'aad-busy' }));
    const replies = connector.messages(conversation).map((m) => m.activity.text as string);
    expect(replies.slice(0, 3).every((t) => /\[1\]/.test(t))).toBe(true);
    expect(replies[3]).toMatch(/3 questions in the last minute.*wait a minute/);
    await post(server.url, message(connector, 'help', { conversation, aad: 'aad-busy' }));
    expect(connector.messages(conversation)[4]?.activity.text).toMatch(/compare <model> vs <model>/);
  });

  it('lists the indexed documents on "sources"', async () => {
    const conversation = 'a:sources-chat';
    await post(server.url, message(connector, 'sources', { conversation }));
    const [reply] = connector.messages(conversation);
    const shown = shownText(reply?.activity.text ?? '');
    expect(shown).toMatch(/^Indexed documents \(\d+\):/);
    expect(shown).toMatch(/\n- \*\*[^*]+\*\* \([\w.-]+\.(md|txt)\): \d+ sections?/);
  });

  it('lists its commands on help, and greets when added to a group chat (personal chats get prompt starters)', async () => {
    const conversation = 'a:help-chat';
    await post(server.url, message(connector, 'help', { conversation }));
    const [help] = connector.messages(conversation);
    for (const usage of ['compare <model> vs <model>', 'models', 'recommend <situation>', 'reindex', 'ask <question>'])
      expect(help?.activity.text).toContain(usage);
    expect(help?.activity.entities).toBeUndefined();

    const install = (id: string, conversationType: 'personal' | 'groupChat') =>
      post(server.url, {
        type: 'conversationUpdate',
        id: `install-${id}`,
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: '29:user-1' },
        recipient: BOT,
        conversation: { id, conversationType },
        membersAdded: [{ id: BOT.id }],
      });
    await install('19:group-install@thread.v2', 'groupChat');
    expect(connector.messages('19:group-install@thread.v2')[0]?.activity.text).toMatch(
      /Hello! I am the Partnership Advisor/,
    );
    // A personal chat opens with the prompt starters instead, as Teams asks of bots that have them.
    await install('a:new-install', 'personal');
    expect(connector.messages('a:new-install')).toEqual([]);
  });

  it('never turns what a user typed into a link: a "did you mean" for a markdown link shows it as text', async () => {
    const res = await post(
      server.url,
      message(connector, 'compare [Verify your SSO](https://evil.example/login) vs licensing', {
        deliveryMode: 'expectReplies',
      }),
    );
    expect(res.status).toBe(200);
    const [reply] = res.body.activities.filter((a: { type: string }) => a.type === 'message');
    const shown = JSON.stringify(reply);
    expect(shown).toContain('Verify your SSO');
    const rendered = [reply.text, ...textBlocks(reply.attachments)];
    expect(rendered.flatMap(linksIn)).toEqual([]);
    expect(rendered.map(shownText).join('\n')).toContain('[Verify your SSO](https://evil.example/login)');
  });

  it('rejects malformed activities with a clear 400 and keeps serving', async () => {
    const notJson = await post(server.url, '{"type": "message", ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/not valid JSON/);

    const { conversation: _c, serviceUrl: _s, ...broken } = message(connector, 'hi');
    const missing = await post(server.url, broken);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('bad_input');
    expect(missing.body.error.message).toMatch(/serviceUrl/);
    expect(missing.body.error.message).toMatch(/conversation/);

    const array = await post(server.url, [1, 2]);
    expect(array.status).toBe(400);
    const get = await fetch(`${server.url}/api/messages`);
    expect(get.status).toBe(405);

    const conversation = 'a:after-bad-input';
    expect((await post(server.url, message(connector, 'help', { conversation }))).status).toBe(200);
    expect(connector.messages(conversation)).toHaveLength(1);
    // The web API under /api still answers next to the Teams endpoint.
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
  });

  describe('a second replica on the same database, with a slow model and a clock 40 days ahead', () => {
    let replica: AdvisorServer;
    let release: () => void = () => {};
    const slowModel: ChatModel = {
      model: 'slow-test-model',
      async complete() {
        await new Promise<void>((resolve) => {
          release = resolve;
          setTimeout(resolve, 1500);
        });
        return 'A joint venture shares risks and control between the partners [1].';
      },
    };

    beforeAll(async () => {
      const config = loadConfig({ DATABASE_URL: pg.url, PORT: '0', LOG_LEVEL: 'silent', TEAMS_ENABLED: 'true' });
      replica = await startAdvisorServer(config, {
        logger: silent,
        overrides: { chatModel: slowModel },
        teams: { replyBudgetMs: 200, now: () => Date.now() + 40 * 86_400_000 },
      });
    });
    afterAll(() => replica?.close());

    it('deletes conversation turns older than CONVERSATION_RETENTION_DAYS before answering a follow-up', async () => {
      const conversation = 'a:follow-up-chat';
      const before = await rows(`SELECT 1 FROM conversation_turns WHERE conversation_id = $1`, [
        `teams:${conversation}`,
      ]);
      expect(before.length).toBe(2);
      await post(replica.url, message(connector, 'and how is it governed?', { conversation }));
      release();
      await connector.waitForMessages(conversation, 3);
      const after = await rows<{ question: string }>(
        `SELECT question FROM conversation_turns WHERE conversation_id = $1`,
        [`teams:${conversation}`],
      );
      expect(after.map((r) => r.question)).toEqual(['and how is it governed?']);
    });

    it('ends the HTTP request within its budget and then replies proactively', async () => {
      const conversation = 'a:slow-chat';
      const started = Date.now();
      const res = await post(
        replica.url,
        message(connector, 'What are the risks of a joint venture?', { conversation }),
      );
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1400);
      expect(connector.messages(conversation)).toEqual([]);
      const [late] = await connector.waitForMessages(conversation, 1);
      expect(late?.activity.text).toContain('shares risks and control between the partners [1]');
      expect(late?.replyToId).toBeTruthy();
      expect(late?.activity.entities[0].citation).toHaveLength(1);
    });

    it('answers an activity delivered to both replicas once', async () => {
      const conversation = 'a:two-replicas';
      const activity = message(connector, 'What is a joint venture?', { conversation });
      await Promise.all([post(server.url, activity), post(replica.url, activity)]);
      release();
      await connector.waitForMessages(conversation, 1);
      await new Promise((r) => setTimeout(r, 1800));
      expect(connector.messages(conversation)).toHaveLength(1);
    });
  });
});
