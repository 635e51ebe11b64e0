/**
 * The Slack channel through its real protocol: signed requests into the advisor server's
 * POST /slack/events, a fake Slack Web API and fake response URLs on 127.0.0.1 that record every
 * call, and real PostgreSQL + pgvector (PGlite) underneath. Nothing reaches Slack.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/store/migrations.js';
import { PgliteClient } from '../../src/adapters/store/sql-client.js';
import { SqlStore } from '../../src/adapters/store/sql-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import {
  BOT_ID,
  BOT_USER_ID,
  type FakeSlack,
  postSigned,
  type StoredMessage,
  startFakeSlack,
  TEAM_ID,
  waitFor,
} from '../support/fake-slack.js';

const SECRET = 'test-signing-secret-0123456789';
const ADMIN = 'UADMIN01';
const RATE_LIMIT = 4;

const ESCALATION_FILE = `---
url: https://intranet.example.com/partnerships/escalation?team=a&b=1
---
Partnership Escalation Desk
===========================

Escalation contacts
-------------------

For an urgent partnership escalation desk request, the escalation desk expects you to write <!channel> and <@U0PINGME> in the escalation desk channel, and to tell <!here> and @everyone about the escalation desk ticket.
`;

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the fake Slack received it, checked field by field.
type SentBlock = Record<string, any>;

let fake: FakeSlack;
let server: AdvisorServer;
let db: PGlite;
let knowledgeDir: string;
let eventCounter = 0;

const nextTs = () => fake.nextTs();
const eventsUrl = () => `${server.url}/slack/events`;

function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${++eventCounter}`) {
  return {
    token: 'legacy',
    team_id: TEAM_ID,
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event,
  };
}

function mention(input: { user: string; text: string; channel?: string; ts?: string; thread_ts?: string }) {
  const ts = input.ts ?? nextTs();
  return {
    type: 'app_mention',
    user: input.user,
    text: `<@${BOT_USER_ID}> ${input.text}`,
    channel: input.channel ?? 'C0CHAN01',
    ts,
    event_ts: ts,
    ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
  };
}

const postsIn = (channel: string, threadTs: string) =>
  fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
const streamsIn = (channel: string, threadTs: string) =>
  fake.callsOf('chat.startStream').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
/** The bot's finished messages in a thread: answers arrive streamed, notices and refusals posted. */
const answersIn = (channel: string, threadTs: string) => fake.answersIn(channel, threadTs);
/** Waits for the first finished message of the bot in a thread. */
const firstAnswer = (channel: string, threadTs: string) => waitFor(() => answersIn(channel, threadTs)[0]);
/** The blocks a finished message carries (a streamed answer: those attached when it stopped). */
const blocksOf = (message: StoredMessage) => (message.blocks ?? []) as SentBlock[];
/** The native 👍/👎 pair of an answer, when it has one. */
const feedbackOf = (message: StoredMessage) =>
  blocksOf(message)
    .find((b) => b.type === 'context_actions')
    ?.elements.find((e: SentBlock) => e.type === 'feedback_buttons');

/** Everything the bot sent to Slack as one string: text, blocks, views, response URL bodies. */
const everythingSent = () => JSON.stringify([fake.calls, fake.responses]);

async function command(text: string, user: string, id: string) {
  return postSigned(eventsUrl(), SECRET, {
    form: {
      token: 'legacy',
      team_id: TEAM_ID,
      team_domain: 'test',
      channel_id: 'C0CHAN01',
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/advisor',
      text,
      api_app_id: 'A0001',
      response_url: fake.responseUrl(id),
      trigger_id: `trigger-${id}`,
    },
  });
}

async function interaction(payload: Record<string, unknown>) {
  return postSigned(eventsUrl(), SECRET, { form: { payload: JSON.stringify(payload) } });
}

/** Feedback rows, read straight from PostgreSQL. */
async function feedbackRows(answerId: string) {
  const { rows } = await db.query<{ vote: string; comment: string | null; user_id: string; channel: string }>(
    'SELECT vote, comment, user_id, channel FROM feedback WHERE answer_id = $1',
    [answerId],
  );
  return rows;
}

beforeAll(async () => {
  fake = await startFakeSlack();
  knowledgeDir = await mkdtemp(path.join(tmpdir(), 'advisor-slack-'));
  await cp('knowledge', knowledgeDir, { recursive: true });
  await writeFile(path.join(knowledgeDir, 'escalation-desk.md'), ESCALATION_FILE);
  db = await PGlite.create({ extensions: { vector } });
  const client = new PgliteClient(db);
  await migrate(client);
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    KNOWLEDGE_DIR: knowledgeDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ADMIN_USER_IDS: ADMIN,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  });
  server = await startAdvisorServer(config, {
    logger: pino({ level: 'silent' }),
    overrides: { store: new SqlStore(client) },
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  if (knowledgeDir) await rm(knowledgeDir, { recursive: true, force: true });
});

describe('Slack events over HTTP', () => {
  it('answers the url_verification challenge', async () => {
    const res = await postSigned(eventsUrl(), SECRET, {
      json: { token: 'legacy', challenge: 'challenge-xyz', type: 'url_verification' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'challenge-xyz' });
  });

  it('answers a mention once, in its thread, with citations, sources and feedback buttons', async () => {
    const event = mention({ user: 'UALICE01', text: 'What are the main risks of forming a joint venture?' });
    const res = await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) });
    expect(res.status).toBe(200);

    const answer = await firstAnswer('C0CHAN01', event.ts);
    // Streamed into the mention's thread, to the person who asked; nothing posted whole.
    const [stream, ...more] = streamsIn('C0CHAN01', event.ts);
    expect(more).toEqual([]);
    expect(stream?.args).toMatchObject({ recipient_user_id: 'UALICE01', recipient_team_id: TEAM_ID });
    expect(postsIn('C0CHAN01', event.ts)).toEqual([]);
    expect(answer.text).toMatch(/\[1\]/);
    expect(answer.text.toLowerCase()).toContain('joint venture');
    const blocks = blocksOf(answer);
    const sources = blocks.find((b) => b.type === 'section' && b.text.text.startsWith('*Sources*'));
    expect(sources?.text.text).toMatch(/\[1\] [^\n]+ › /);
    const feedback = feedbackOf(answer);
    expect(feedback.action_id).toBe('advisor_feedback_buttons');
    expect(feedback.positive_button.value).toMatch(/^up:[0-9a-f-]{36}$/);
    expect(feedback.negative_button.value).toBe(feedback.positive_button.value.replace('up:', 'down:'));
    for (const b of blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThan(3000);
    // Working state: a reaction on the question, removed after answering.
    expect(fake.callsOf('reactions.add').some((c) => c.args.timestamp === event.ts)).toBe(true);
    await waitFor(() => fake.callsOf('reactions.remove').some((c) => c.args.timestamp === event.ts));
  });

  it('answers a direct message', async () => {
    const ts = nextTs();
    const event = {
      type: 'message',
      channel: 'D0DM0001',
      channel_type: 'im',
      user: 'UBOB0001',
      text: 'What is co-creation?',
      ts,
      event_ts: ts,
    };
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) });
    const answer = await firstAnswer('D0DM0001', ts);
    expect(answer.text.toLowerCase()).toContain('co-creation');
    expect(feedbackOf(answer)).toBeDefined();
    // A direct message needs no recipient: the stream names none.
    expect(streamsIn('D0DM0001', ts)[0]?.args.recipient_user_id).toBeUndefined();
  });

  it('passes the earlier turns of a thread to a follow-up', async () => {
    const first = mention({ user: 'UCAROL01', text: 'How does licensing work for AI technology?' });
    fake.addUserMessage('C0CHAN01', { ts: first.ts, user: 'UCAROL01', text: first.text });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(first) });
    await waitFor(() => answersIn('C0CHAN01', first.ts).length === 1);

    const followUp = mention({ user: 'UCAROL01', text: 'and what are its risks?', thread_ts: first.ts });
    fake.addUserMessage('C0CHAN01', { ts: followUp.ts, user: 'UCAROL01', text: followUp.text, thread_ts: first.ts });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(followUp) });
    await waitFor(() => answersIn('C0CHAN01', first.ts).length === 2);

    expect(fake.callsOf('conversations.replies').some((c) => c.args.ts === first.ts)).toBe(true);
    const answer = answersIn('C0CHAN01', first.ts)[1] as StoredMessage;
    const sources = blocksOf(answer).find((b) => b.text?.text?.startsWith('*Sources*'));
    // Without the first turn "its risks" is about nothing; with it the sources are about licensing.
    expect(sources?.text.text.toLowerCase()).toMatch(/licens/);
  });

  it('answers a retried and a duplicated event only once', async () => {
    const event = mention({ user: 'UDAVE001', text: 'What is a strategic alliance?' });
    const envelope = eventEnvelope(event);
    const results = await Promise.all([
      postSigned(eventsUrl(), SECRET, { json: envelope }),
      postSigned(
        eventsUrl(),
        SECRET,
        { json: envelope },
        { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } },
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await waitFor(() => answersIn('C0CHAN01', event.ts).length === 1);
    // The same message delivered again under another event id (e.g. a second subscription) is not answered twice either.
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) }, { headers: { 'x-slack-retry-num': '2' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(answersIn('C0CHAN01', event.ts)).toHaveLength(1);
    expect(streamsIn('C0CHAN01', event.ts)).toHaveLength(1);
    expect(postsIn('C0CHAN01', event.ts)).toEqual([]);
  });

  it('refuses a bad signature and a stale timestamp with 401, posting nothing', async () => {
    const before = fake.calls.length;
    const event = mention({ user: 'UEVE0001', text: 'What is a joint venture?' });
    const bad = await postSigned(
      eventsUrl(),
      SECRET,
      { json: eventEnvelope(event) },
      { signature: `v0=${'0'.repeat(64)}` },
    );
    expect(bad.status).toBe(401);
    const wrongSecret = await postSigned(eventsUrl(), 'another-secret', { json: eventEnvelope(event) });
    expect(wrongSecret.status).toBe(401);
    const stale = await postSigned(
      eventsUrl(),
      SECRET,
      { json: eventEnvelope(event) },
      { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 },
    );
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.length).toBe(before);
  });

  it('refuses an unsigned body, and one over the size limit, before reading it', async () => {
    // The headers announce 4 MB and only a few bytes follow: an answer proves the body was not awaited.
    const statusFor = (headers: Record<string, string>) =>
      Promise.race([
        new Promise<number>((resolve, reject) => {
          const req = request(
            eventsUrl(),
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'content-length': String(4 * 1024 * 1024), ...headers },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
              req.destroy();
            },
          );
          req.on('error', reject);
          req.write('{"type": "event_callback", "event": {');
        }),
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the server waited for the body')), 5000)),
      ]);
    expect(await statusFor({})).toBe(401);
    const signedLooking = {
      'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    };
    expect(await statusFor(signedLooking)).toBe(413);
    // Still serving.
    const event = mention({ user: 'UGRACE01', text: 'What is co-creation?' });
    expect((await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) })).status).toBe(200);
    await firstAnswer('C0CHAN01', event.ts);
  });

  it('tells the user the answer failed when the event ledger cannot be reached after the acknowledgement', async () => {
    await db.exec('ALTER TABLE chat_events RENAME TO chat_events_away');
    try {
      const event = mention({ user: 'UHEIDI01', text: 'What is a joint venture?' });
      expect((await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) })).status).toBe(200);
      const [notice] = await waitFor(() => postsIn('C0CHAN01', event.ts).length > 0 && postsIn('C0CHAN01', event.ts));
      expect(notice?.args.text).toMatch(/went wrong on our side.*try again/i);
      expect(JSON.stringify(postsIn('C0CHAN01', event.ts))).not.toMatch(/chat_events|relation|does not exist/);
    } finally {
      await db.exec('ALTER TABLE chat_events_away RENAME TO chat_events');
    }
  });

  it("ignores the bot's own messages and other bots", async () => {
    const sentByBot = () => fake.callsOf('chat.postMessage').length + fake.callsOf('chat.startStream').length;
    const before = sentByBot();
    const own = nextTs();
    await postSigned(eventsUrl(), SECRET, {
      json: eventEnvelope({
        type: 'message',
        channel: 'D0DM0001',
        channel_type: 'im',
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        text: 'What is co-creation?',
        ts: own,
        event_ts: own,
      }),
    });
    const other = nextTs();
    await postSigned(eventsUrl(), SECRET, {
      json: eventEnvelope({
        type: 'message',
        subtype: 'bot_message',
        channel: 'D0DM0001',
        channel_type: 'im',
        bot_id: 'BOTHER01',
        text: 'What is licensing?',
        ts: other,
        event_ts: other,
      }),
    });
    const otherMention = mention({ user: 'UOTHERBOT', text: 'What is licensing?' });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope({ ...otherMention, bot_id: 'BOTHER01' }) });
    await new Promise((r) => setTimeout(r, 400));
    expect(sentByBot()).toBe(before);
  });

  it('escapes <!channel> and user pings from a question and from a knowledge file', async () => {
    const event = mention({
      user: 'UFRANK01',
      text: 'Whom does the partnership escalation desk expect me to notify? <!channel> <!here|here> <@U0OTHER1>',
    });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) });
    const answer = await firstAnswer('C0CHAN01', event.ts);
    // A slash command echoes the question back: escaped too.
    await command('Whom does the escalation desk expect me to notify? <!channel> <@U0OTHER1>', 'UFRANK01', 'ping-1');
    const echoed = await waitFor(() => fake.responses.find((r) => r.id === 'ping-1'));
    expect(JSON.stringify(echoed.body.blocks)).toContain('&lt;!channel&gt;');
    const sent = JSON.stringify(answer);
    // The knowledge file's text is quoted, escaped.
    expect(sent.toLowerCase()).toContain('escalation desk');
    expect(sent).toContain('&lt;!channel&gt;');
    for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U0PINGME>', '<@U0OTHER1>', '<!here|']) {
      expect(everythingSent()).not.toContain(ping);
    }
    expect(sent).not.toMatch(/@everyone/);
    // The knowledge file's URL becomes a link on its source line.
    expect(sent).toContain(
      '<https://intranet.example.com/partnerships/escalation?team=a&b=1|Partnership Escalation Desk',
    );
  });

  it('compares models in a thread as a table block (slash replies keep one section per dimension)', async () => {
    const event = mention({ user: 'UCOMP001', text: 'compare joint venture vs licensing' });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) });
    const reply = await firstAnswer('C0CHAN01', event.ts);
    const table = blocksOf(reply).find((b) => b.type === 'table');
    const header = table?.rows[0].map((c: SentBlock) => c.text);
    expect(header).toEqual(['Dimension', 'Joint venture', 'Licensing and IP sharing']);
    expect(table?.rows).toHaveLength(8);
    expect(table?.rows[1][0].text).toBe('What it is');
    expect(table?.rows.flat().every((c: SentBlock) => c.type === 'raw_text' && c.text.length > 0)).toBe(true);
    expect(JSON.stringify(table)).toMatch(/\[\d\]/);
    expect(blocksOf(reply).some((b) => b.type === 'section' && b.text?.text.startsWith('*Sources*'))).toBe(true);
  });

  it('tells a user over the rate limit to wait, without answering', async () => {
    const events = Array.from({ length: RATE_LIMIT + 1 }, (_, i) =>
      mention({ user: 'URATE001', text: `What is licensing? (${i})` }),
    );
    for (const e of events) await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(e) });
    const replies = await waitFor(() => {
      const all = events.map((e) => answersIn('C0CHAN01', e.ts));
      return all.every((p) => p.length === 1) && all.map((p) => p[0] as StoredMessage);
    });
    const limited = replies.filter((p) => /limit/.test(p.text));
    expect(limited).toHaveLength(1);
    expect(limited[0]?.text).toMatch(/wait a minute/);
    expect(feedbackOf(limited[0] as StoredMessage)).toBeUndefined();
    expect(replies.filter((p) => feedbackOf(p))).toHaveLength(RATE_LIMIT);
  });
});

describe('Slack assistant pane', () => {
  it('offers suggested prompts when a thread starts and answers with a status', async () => {
    const threadTs = nextTs();
    await postSigned(eventsUrl(), SECRET, {
      json: eventEnvelope({
        type: 'assistant_thread_started',
        assistant_thread: { user_id: 'UGINA001', context: {}, channel_id: 'D0ASSIST1', thread_ts: threadTs },
        event_ts: threadTs,
      }),
    });
    const prompts = await waitFor(() => fake.callsOf('assistant.threads.setSuggestedPrompts')[0]);
    expect(prompts.args.channel_id).toBe('D0ASSIST1');
    expect(prompts.args.thread_ts).toBe(threadTs);
    expect(prompts.args.prompts.length).toBeGreaterThanOrEqual(3);

    const ts = nextTs();
    await postSigned(eventsUrl(), SECRET, {
      json: eventEnvelope({
        type: 'message',
        channel: 'D0ASSIST1',
        channel_type: 'im',
        user: 'UGINA001',
        text: 'When does a strategic alliance beat a joint venture?',
        ts,
        thread_ts: threadTs,
        event_ts: ts,
      }),
    });
    // The thread holds the greeting, then the answer.
    const answered = () => answersIn('D0ASSIST1', threadTs).filter((m) => feedbackOf(m));
    const answer = await waitFor(() => answered()[0]);
    expect(answer.text.toLowerCase()).toMatch(/alliance|joint venture/);
    // While it was in flight: a status with rotating loading messages. The thread is named after its first question.
    const status = fake.callsOf('assistant.threads.setStatus').find((c) => c.args.thread_ts === threadTs);
    expect(status?.args.loading_messages.length).toBeGreaterThan(1);
    expect(status?.at).toBeLessThan(
      fake.callsOf('chat.startStream').find((c) => c.args.thread_ts === threadTs)?.at ?? 0,
    );
    const title = await waitFor(() =>
      fake.callsOf('assistant.threads.setTitle').find((c) => c.args.thread_ts === threadTs),
    );
    expect(title.args).toMatchObject({
      channel_id: 'D0ASSIST1',
      title: 'When does a strategic alliance beat a joint venture?',
    });

    // A second question in the same thread keeps the title.
    const again = nextTs();
    await postSigned(eventsUrl(), SECRET, {
      json: eventEnvelope({
        type: 'message',
        channel: 'D0ASSIST1',
        channel_type: 'im',
        user: 'UGINA001',
        text: 'What is co-creation?',
        ts: again,
        thread_ts: threadTs,
        event_ts: again,
      }),
    });
    await waitFor(() => answered().length === 2);
    expect(fake.callsOf('assistant.threads.setTitle').filter((c) => c.args.thread_ts === threadTs)).toHaveLength(1);
  });
});

describe('/advisor slash command', () => {
  it('acknowledges at once and answers a question through the response URL', async () => {
    const ack = await command('What is co-creation?', 'UHANK001', 'ask-1');
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text).text).toMatch(/Looking that up/);
    const response = await waitFor(() => fake.responses.find((r) => r.id === 'ask-1'));
    expect(JSON.stringify(response.body.blocks)).toContain('advisor_vote_up');
    expect(JSON.stringify(response.body.blocks).toLowerCase()).toContain('co-creation');
  });

  it('lists the indexed documents with `/advisor sources`', async () => {
    const ack = await command('sources', 'UHANK001', 'sources-1');
    expect(JSON.parse(ack.text).text).toMatch(/Listing the indexed documents/);
    const response = await waitFor(() => fake.responses.find((r) => r.id === 'sources-1'));
    const text = JSON.stringify(response.body.blocks);
    expect(text).toContain('*Indexed documents (');
    expect(text).toMatch(/• \*[^*]+\* \(`[\w.-]+\.(md|txt)`\): \d+ sections?/);
  });

  it('shows help', async () => {
    const ack = await command('help', 'UHANK001', 'help-1');
    expect(JSON.parse(ack.text).text).toMatch(/\/advisor compare/);
  });

  it('refuses reindex to a non-admin and runs it for an admin, posting the counts back', async () => {
    const refused = await command('reindex', 'UHANK001', 'reindex-no');
    expect(JSON.parse(refused.text).text).toMatch(/Only the advisor's administrators can use "reindex"/);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.responses.find((r) => r.id === 'reindex-no')).toBeUndefined();

    // A new chapter gives the run chunks to embed, so it shows its progress on the working message.
    await writeFile(
      path.join(knowledgeDir, 'alliance-drills.md'),
      '# Alliance drills\n\nAn alliance drill rehearses the exit plan of a partnership once a year.\n',
    );
    const ack = await command('reindex', ADMIN, 'reindex-yes');
    expect(JSON.parse(ack.text).text).toMatch(/Reindexing/);
    const result = await waitFor(
      () => fake.responses.find((r) => r.id === 'reindex-yes' && r.body.replace_original === false),
      30_000,
    );
    const progress = await waitFor(() =>
      fake.responses.find((r) => r.id === 'reindex-yes' && r.body.replace_original === true),
    );
    expect(progress?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(progress?.body.text).toMatch(/^:hourglass_flowing_sand: Reindexing… \d+ of 1 chunks$/);
    expect(result.body.text).toMatch(/1 added/);
    expect(result.body.text).toMatch(
      /Reindex finished in [\d.]+ s: .* (\d+) unchanged \((\d+) documents, (\d+) passages/,
    );
    const { rows } = await db.query<{ actor: string }>("SELECT actor FROM index_runs WHERE trigger = 'slack'");
    expect(rows.map((r) => r.actor)).toEqual([`slack:${ADMIN}`]);
  });

  it('shows the knowledge report to admins only, privately', async () => {
    const refused = await command('report', 'UHANK001', 'report-no');
    expect(JSON.parse(refused.text).text).toMatch(/Only the advisor's administrators can use "report"/);
    const ack = await command('report 30', ADMIN, 'report-yes');
    expect(JSON.parse(ack.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/knowledge report/),
    });
    const result = await waitFor(() => fake.responses.find((r) => r.id === 'report-yes'));
    expect(result.body).toMatchObject({ response_type: 'ephemeral' });
    expect(result.body.text).toMatch(/Knowledge report, last 30 days: \d+ questions?/);
    expect(JSON.stringify(result.body.blocks)).toContain('Coverage');
  });

  it('routes compare to the partnership models, and explains the usage when a name is missing', async () => {
    const ack = await command('compare joint venture vs licensing', 'UHANK001', 'compare-1');
    expect(JSON.parse(ack.text).text).toMatch(/Comparing/);
    const response = await waitFor(() => fake.responses.find((r) => r.id === 'compare-1'));
    // The table itself is checked cell by cell in slack-catalog.test.ts.
    expect(response.body.text).toBe('Comparison: Joint venture vs Licensing and IP sharing');
    expect(response.body.blocks.filter((b: SentBlock) => b.fields)).toHaveLength(7);
    const usage = await command('compare joint venture', 'UHANK001', 'compare-2');
    expect(JSON.parse(usage.text).text).toMatch(/at least two models/);
  });
});

describe('feedback buttons', () => {
  async function answerFor(user: string, question: string) {
    const event = mention({ user, text: question });
    await postSigned(eventsUrl(), SECRET, { json: eventEnvelope(event) });
    const answer = await firstAnswer('C0CHAN01', event.ts);
    return { answerId: String(feedbackOf(answer).positive_button.value).replace(/^up:/, ''), ts: event.ts };
  }

  /** A press of the native feedback buttons (`up` or `down`), or of a plain button (`advisor_vote_*`). */
  function click(actionId: string, answerId: string, user: string, id: string) {
    const action = actionId.startsWith('advisor_vote_')
      ? { type: 'button', action_id: actionId, block_id: 'advisor_feedback', value: answerId, action_ts: '1' }
      : {
          type: 'feedback_buttons',
          action_id: 'advisor_feedback_buttons',
          block_id: 'advisor_feedback',
          value: `${actionId}:${answerId}`,
          text: { type: 'plain_text', text: actionId === 'up' ? '👍' : '👎' },
          action_ts: '1',
        };
    return interaction({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
      api_app_id: 'A0001',
      token: 'legacy',
      team: { id: TEAM_ID, domain: 'test' },
      container: { type: 'message', message_ts: '1', channel_id: 'C0CHAN01', is_ephemeral: false },
      trigger_id: `trigger-${id}`,
      channel: { id: 'C0CHAN01', name: 'general' },
      message: { ts: '1', type: 'message', text: 'answer' },
      response_url: fake.responseUrl(id),
      actions: [action],
    });
  }

  it('stores a 👍', async () => {
    const { answerId } = await answerFor('UIVY0001', 'What is joint marketing?');
    const res = await click('up', answerId, 'UIVY0001', 'up-1');
    expect(res.status).toBe(200);
    await waitFor(() => fake.responses.find((r) => r.id === 'up-1'));
    expect(await feedbackRows(answerId)).toEqual([
      { vote: 'up', comment: null, user_id: 'UIVY0001', channel: 'slack' },
    ]);
  });

  it('stores a 👎, opens the "what was wrong?" modal and stores its comment', async () => {
    const { answerId } = await answerFor('UJACK001', 'What are the benefits of licensing?');
    await click('down', answerId, 'UJACK001', 'down-1');
    const open = await waitFor(() => fake.callsOf('views.open').find((c) => c.args.trigger_id === 'trigger-down-1'));
    expect(await feedbackRows(answerId)).toEqual([
      { vote: 'down', comment: null, user_id: 'UJACK001', channel: 'slack' },
    ]);
    const view = open.args.view;
    expect(JSON.stringify(view)).toContain('What was wrong?');

    const submitted = await interaction({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'test' },
      user: { id: 'UJACK001', username: 'ujack001', team_id: TEAM_ID },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trigger-submit',
      view: {
        id: 'V0001',
        team_id: TEAM_ID,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            comment: { comment_input: { type: 'plain_text_input', value: 'It missed the IP <!channel> part' } },
          },
        },
        hash: 'h',
      },
    });
    expect(submitted.status).toBe(200);
    expect(await feedbackRows(answerId)).toEqual([
      { vote: 'down', comment: 'It missed the IP <!channel> part', user_id: 'UJACK001', channel: 'slack' },
    ]);
  });

  it('tells the user when feedback refers to an unknown answer', async () => {
    await click('advisor_vote_up', 'no-such-answer', 'UIVY0001', 'up-unknown');
    const response = await waitFor(() => fake.responses.find((r) => r.id === 'up-unknown'));
    expect(response.body.text).toMatch(/No such answer/);
  });
});
