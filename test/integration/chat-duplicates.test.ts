/**
 * At most one answer per chat message, under load and across two server instances on one
 * database: Slack events delivered several times at once (original, X-Slack-Retry-Num 1 and 2, a
 * plain duplicate) and Teams activities POSTed twice at once, all through the real protocols
 * (signed Slack requests, Bot Framework activities) into servers sharing PGlite over the
 * PostgreSQL wire protocol. The per-user rate limit is counted in that shared database too.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { type FakeSlack, mentionEnvelope, postSigned, startFakeSlack, waitFor } from '../support/fake-slack.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';

const SECRET = 'dup-signing-secret-0123456789';
const RATE_LIMIT = 5;
const N = 50;
const BOT = { id: '28:advisor-bot', name: 'Partnership Advisor' };
const QUESTIONS = [
  'What is a strategic alliance?',
  'What are the risks of a joint venture?',
  'How should we share IP in a licensing deal?',
  'What is co-creation?',
  'When does an acquisition make sense?',
];

let pg: PgliteServer;
let fake: FakeSlack;
let connector: FakeConnector;
let serverA: AdvisorServer;
let serverB: AdvisorServer;
let seq = 0;

const RETRY = (n: number) => ({ headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } });

function slackMention(channel: string, user: string, eventId = `EvDup${++seq}`) {
  const { ts, body } = mentionEnvelope(fake, {
    eventId,
    user,
    channel,
    question: QUESTIONS[seq % QUESTIONS.length] ?? '',
  });
  return { ts, envelope: body };
}

/** The bot's messages in a channel as they were started: answers open a stream, notices are posted. */
const slackPosts = (channel: string) =>
  fake.calls.filter(
    (c) => (c.method === 'chat.postMessage' || c.method === 'chat.startStream') && c.args.channel === channel,
  );
/** The bot's finished messages in a channel's threads, as Slack shows them. */
const slackMessages = (channel: string) =>
  [...postsPerThread(channel).keys()].flatMap((ts) => fake.answersIn(channel, ts));
/** A real answer (with feedback buttons), not a rate-limit or error notice. */
const isAnswer = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []).includes('advisor_feedback_buttons');

/** Thread ts -> number of messages the bot started in that thread (chat.postMessage or chat.startStream). */
function postsPerThread(channel: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of slackPosts(channel))
    counts.set(String(p.args.thread_ts), (counts.get(String(p.args.thread_ts)) ?? 0) + 1);
  return counts;
}

function teamsActivity(conversation: string, aad: string) {
  return {
    type: 'message',
    id: `dup-msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${aad}`, name: 'Dana', aadObjectId: aad },
    recipient: BOT,
    conversation: { id: conversation, conversationType: 'personal' },
    text: QUESTIONS[seq % QUESTIONS.length],
  };
}

async function postActivity(url: string, activity: unknown): Promise<number> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.text();
  return res.status;
}

/** Waits until nothing new arrives for `quietMs`, so a late duplicate would still be counted. */
async function settle(count: () => number, quietMs = 1000): Promise<void> {
  let last = count();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = count();
    if (now === last) return;
    last = now;
  }
}

/** The limit counts per clock minute: start a burst well inside one, so it is not split across two. */
async function awayFromMinuteEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
}

beforeAll(async () => {
  [pg, fake, connector] = await Promise.all([startPgliteServer(), startFakeSlack(), startFakeConnector()]);
  const config = loadConfig({
    DATABASE_URL: pg.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-dup-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    TEAMS_ENABLED: 'true',
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  });
  const logger = pino({ level: 'silent' });
  // One after the other: the second finds the schema and the index the first one built.
  serverA = await startAdvisorServer(config, { logger });
  serverB = await startAdvisorServer(config, { logger });
});

afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await fake?.close();
  await connector?.close();
  await pg?.close();
});

describe('duplicate chat deliveries under load', () => {
  it(`Slack: ${N} mentions each delivered 4 times at once (original, retries 1 and 2, duplicate) get exactly ${N} answers`, async () => {
    const channel = 'CDUPONE1';
    const mentions = Array.from({ length: N }, (_, i) => slackMention(channel, `UDUP${i}`));
    const url = `${serverA.url}/slack/events`;
    const statuses = await Promise.all(
      mentions.flatMap((m) => [
        postSigned(url, SECRET, { json: m.envelope }),
        postSigned(url, SECRET, { json: m.envelope }, RETRY(1)),
        postSigned(url, SECRET, { json: m.envelope }, RETRY(2)),
        postSigned(url, SECRET, { json: m.envelope }),
      ]),
    );
    expect(statuses.filter((s) => s.status !== 200)).toEqual([]);
    await waitFor(() => postsPerThread(channel).size >= N, 60_000);
    await settle(() => slackPosts(channel).length);
    const perThread = postsPerThread(channel);
    expect([...perThread.keys()].sort()).toEqual(mentions.map((m) => m.ts).sort());
    expect([...perThread.values()].every((n) => n === 1)).toBe(true);
    expect(slackPosts(channel)).toHaveLength(N);
    // Real answers (with feedback buttons), not rate-limit or error notices, each finished.
    const messages = await waitFor(() => slackMessages(channel).length === N && slackMessages(channel), 30_000);
    expect(messages.every(isAnswer)).toBe(true);
  });

  it(`Teams: ${N} activities each POSTed twice at once get exactly ${N} replies`, async () => {
    const activities = Array.from({ length: N }, (_, i) => teamsActivity(`a:dup-one-${i}`, `aad-dup-${i}`));
    const statuses = await Promise.all(
      activities.flatMap((a) => [postActivity(serverA.url, a), postActivity(serverA.url, a)]),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const mine = () => connector.messages().filter((m) => m.conversationId.startsWith('a:dup-one-'));
    await waitFor(() => mine().length >= N, 60_000);
    await settle(() => mine().length);
    const replies = mine();
    expect(replies).toHaveLength(N);
    expect(new Set(replies.map((r) => r.conversationId)).size).toBe(N);
    expect(replies.map((r) => r.replyToId).sort()).toEqual(activities.map((a) => a.id).sort());
    expect(replies.every((r) => /\[1\]/.test(String(r.activity.text)))).toBe(true);
  });
});

describe('two server instances on one database', () => {
  it(`Slack: ${N} mentions with their deliveries split across both servers get one answer each`, async () => {
    const channel = 'CDUPTWO1';
    const mentions = Array.from({ length: N }, (_, i) => slackMention(channel, `UTWO${i}`));
    const a = `${serverA.url}/slack/events`;
    const b = `${serverB.url}/slack/events`;
    const statuses = await Promise.all(
      mentions.flatMap((m, i) => {
        // Alternate which server gets the original, so each server wins some of the races.
        const [first, second] = i % 2 ? [a, b] : [b, a];
        // The same message under another event id too (Slack sends app_mention and message.channels).
        const other = { ...m.envelope, event_id: `${m.envelope.event_id}-other` };
        return [
          postSigned(first, SECRET, { json: m.envelope }),
          postSigned(second, SECRET, { json: m.envelope }, RETRY(1)),
          postSigned(first, SECRET, { json: m.envelope }, RETRY(2)),
          postSigned(second, SECRET, { json: other }),
        ];
      }),
    );
    expect(statuses.filter((s) => s.status !== 200)).toEqual([]);
    await waitFor(() => postsPerThread(channel).size >= N, 60_000);
    await settle(() => slackPosts(channel).length);
    const perThread = postsPerThread(channel);
    expect([...perThread.keys()].sort()).toEqual(mentions.map((m) => m.ts).sort());
    expect([...perThread.values()].every((n) => n === 1)).toBe(true);
    expect(slackPosts(channel)).toHaveLength(N);
  });

  it(`Teams: ${N} activities each POSTed to both servers at once get exactly ${N} replies`, async () => {
    const activities = Array.from({ length: N }, (_, i) => teamsActivity(`a:dup-two-${i}`, `aad-two-${i}`));
    const statuses = await Promise.all(
      activities.flatMap((act) => [postActivity(serverA.url, act), postActivity(serverB.url, act)]),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const mine = () => connector.messages().filter((m) => m.conversationId.startsWith('a:dup-two-'));
    await waitFor(() => mine().length >= N, 60_000);
    await settle(() => mine().length);
    expect(mine()).toHaveLength(N);
    expect(
      mine()
        .map((r) => r.replyToId)
        .sort(),
    ).toEqual(activities.map((a) => a.id).sort());
  });

  it('Slack: a user asking both servers at once is limited by the shared count', async () => {
    const channel = 'CDUPRATE';
    // 8 questions, 4 to each server: under the limit of 5 on either alone, over it together.
    const mentions = Array.from({ length: 8 }, () => slackMention(channel, 'URATEBOTH'));
    await awayFromMinuteEdge();
    await Promise.all(
      mentions.map((m, i) =>
        postSigned(`${(i % 2 ? serverA : serverB).url}/slack/events`, SECRET, { json: m.envelope }),
      ),
    );
    await waitFor(() => postsPerThread(channel).size >= mentions.length, 60_000);
    await settle(() => slackPosts(channel).length);
    expect(slackPosts(channel)).toHaveLength(mentions.length);
    const messages = await waitFor(
      () => slackMessages(channel).length === mentions.length && slackMessages(channel),
      30_000,
    );
    const answered = messages.filter(isAnswer);
    const limited = messages.filter((m) => /questions in the last minute.*wait a minute/.test(m.text));
    expect(answered).toHaveLength(RATE_LIMIT);
    expect(limited).toHaveLength(mentions.length - RATE_LIMIT);
  });

  it('Teams: a user asking both servers at once is limited by the shared count', async () => {
    const activities = Array.from({ length: 8 }, (_, i) => teamsActivity(`a:rate-both-${i}`, 'aad-rate-both'));
    await awayFromMinuteEdge();
    await Promise.all(activities.map((act, i) => postActivity((i % 2 ? serverA : serverB).url, act)));
    const mine = () => connector.messages().filter((m) => m.conversationId.startsWith('a:rate-both-'));
    await waitFor(() => mine().length >= activities.length, 60_000);
    await settle(() => mine().length);
    const texts = mine().map((m) => String(m.activity.text));
    expect(texts).toHaveLength(activities.length);
    expect(texts.filter((t) => /questions in the last minute.*wait a minute/.test(t))).toHaveLength(
      activities.length - RATE_LIMIT,
    );
    expect(texts.filter((t) => /\[1\]/.test(t))).toHaveLength(RATE_LIMIT);
  });
});
