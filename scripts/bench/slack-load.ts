/**
 * Slack's POST /slack/events and POST /api/ask under the same load, side by side, against one
 * server process started as `npm start` starts it (fresh embedded database). Every Slack request
 * is a distinct app_mention (its own event id and message ts), signed with v0 HMAC over a fresh
 * timestamp, so each one really answers; a fake Slack Web API on 127.0.0.1 receives the answers
 * and the bench checks that it got exactly one answer per event (a streamed answer opens with
 * chat.startStream; a notice is a chat.postMessage).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { BOT_USER_ID, type FakeSlack, slackSignature, startFakeSlack, TEAM_ID } from '../../test/support/fake-slack.js';
import { type LoadFigures, runLoad, startServerProcess } from './http.js';
import { ms, percentile } from './stats.js';

const SECRET = 'bench-load-signing-secret-0123456789';
const CHANNEL = 'CLOAD001';
const USERS = 500;

export interface SlackLoadFigures {
  readonly connections: number;
  readonly events: number;
  readonly ackThroughput: number;
  readonly ackP50: number;
  readonly ackP95: number;
  readonly ackP99: number;
  readonly errors: number;
  /** Requests autocannon gave up on after its 10 s timeout (included in errors). */
  readonly timeouts: number;
  /** From sending the request until the fake Slack received its answer's first call (chat.startStream or chat.postMessage). */
  readonly answerP50: number;
  readonly answerP95: number;
  readonly answerP99: number;
  /** Events answered per second, from the first request to the last answer. */
  readonly answerThroughput: number;
  readonly posts: number;
  readonly duplicates: number;
  readonly missing: number;
}

export interface SlackLoadLevel {
  readonly ask: LoadFigures;
  readonly slack: SlackLoadFigures;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

let eventSeq = 0;

async function runSlackLoad(
  url: string,
  fake: FakeSlack,
  connections: number,
  events: number,
  questions: readonly string[],
): Promise<SlackLoadFigures> {
  const sentAt = new Map<string, number>();
  const ackTimes: number[] = [];
  const started = performance.now();
  let lastAck = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/slack/events`,
        method: 'POST',
        connections,
        amount: events,
        requests: [
          {
            setupRequest: (req) => {
              const n = ++eventSeq;
              const ts = fake.nextTs();
              const body = JSON.stringify({
                token: 'legacy',
                team_id: TEAM_ID,
                api_app_id: 'A0001',
                type: 'event_callback',
                event_id: `EvLoad${n}`,
                event_time: Math.floor(Date.now() / 1000),
                event: {
                  type: 'app_mention',
                  user: `ULOAD${n % USERS}`,
                  text: `<@${BOT_USER_ID}> ${questions[n % questions.length]}`,
                  channel: CHANNEL,
                  ts,
                  event_ts: ts,
                },
              });
              // A fresh timestamp per request, as Slack signs each delivery.
              const timestamp = Math.floor(Date.now() / 1000);
              sentAt.set(ts, performance.now());
              return {
                ...req,
                headers: {
                  'content-type': 'application/json',
                  'x-slack-request-timestamp': String(timestamp),
                  'x-slack-signature': slackSignature(SECRET, timestamp, body),
                },
                body,
              };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      ackTimes.push(responseTime);
      lastAck = performance.now();
    });
  });
  const ackSeconds = (lastAck - started) / 1000;
  const postsFor = () =>
    fake.calls.filter(
      (c) =>
        (c.method === 'chat.startStream' || c.method === 'chat.postMessage') && sentAt.has(String(c.args.thread_ts)),
    );
  const answered = () => new Set(postsFor().map((c) => String(c.args.thread_ts))).size;
  await waitUntil(() => answered() >= sentAt.size, 300_000);
  // A moment more so a late duplicate post would be counted.
  await new Promise((r) => setTimeout(r, 1000));
  const posts = postsFor();
  const firstPost = new Map<string, number>();
  for (const p of posts) {
    const ts = String(p.args.thread_ts);
    if (!firstPost.has(ts)) firstPost.set(ts, p.at);
  }
  const answerTimes = [...firstPost].map(([ts, at]) => at - (sentAt.get(ts) ?? at));
  const lastAnswer = Math.max(...firstPost.values());
  return {
    connections,
    events: sentAt.size,
    ackThroughput: result.requests.total / ackSeconds,
    ackP50: percentile(ackTimes, 50),
    ackP95: percentile(ackTimes, 95),
    ackP99: percentile(ackTimes, 99),
    // autocannon's errors already include its timeouts.
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    answerP50: percentile(answerTimes, 50),
    answerP95: percentile(answerTimes, 95),
    answerP99: percentile(answerTimes, 99),
    answerThroughput: firstPost.size / ((lastAnswer - started) / 1000),
    posts: posts.length,
    duplicates: posts.length - firstPost.size,
    missing: sentAt.size - firstPost.size,
  };
}

export async function benchSlackLoad(
  options: { levels?: { connections: number; events: number }[]; askDurationSec?: number } = {},
): Promise<SlackLoadLevel[]> {
  const levels = options.levels ?? [
    { connections: 1, events: 500 },
    { connections: 20, events: 2000 },
    { connections: 100, events: 3000 },
  ];
  const askDurationSec = options.askDurationSec ?? 8;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'advisor-bench-slack-'));
  const fake = await startFakeSlack();
  const { url, child } = await startServerProcess({
    DATABASE_URL: `pglite://${dataDir}`,
    SLACK_BOT_TOKEN: 'xoxb-bench-load',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  try {
    const cases = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl');
    const questions = cases.map((c) => c.question);
    await runLoad(url, 4, questions, 2); // warm-up
    await runSlackLoad(url, fake, 4, 100, questions);
    const out: SlackLoadLevel[] = [];
    for (const level of levels) {
      await runLoad(url, level.connections, questions, 2); // warm-up at this concurrency, as the HTTP bench does
      const ask = await runLoad(url, level.connections, questions, askDurationSec);
      const slack = await runSlackLoad(url, fake, level.connections, level.events, questions);
      out.push({ ask, slack });
    }
    return out;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatSlackLoadFigures(levels: readonly SlackLoadLevel[]): string {
  const lines = [
    'One server process (`npm start`, fresh embedded database); at each level POST /api/ask runs first',
    '(autocannon, fixed duration), then POST /slack/events with that many distinct signed app_mention',
    'events. Slack acknowledges at once and answers in the background: "ack" is the HTTP response,',
    '"answer" runs from sending the event until the fake Slack received its chat.startStream (the first words).',
    '',
    '| clients | endpoint | requests | req/s | p50 | p95 | p99 | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { ask, slack } of levels) {
    lines.push(
      `| ${ask.connections} | /api/ask | ${ask.requests} | ${ask.throughput.toFixed(0)} | ${ms(ask.p50)} | ${ms(ask.p95)} | ${ms(ask.p99)} | ${ask.errors} |`,
      `| ${slack.connections} | /slack/events ack | ${slack.events} | ${slack.ackThroughput.toFixed(0)} | ${ms(slack.ackP50)} | ${ms(slack.ackP95)} | ${ms(slack.ackP99)} | ${slack.errors}${slack.timeouts ? ` (${slack.timeouts} timed out after 10 s)` : ''} |`,
      `| ${slack.connections} | Slack answer posted | ${slack.posts} | ${slack.answerThroughput.toFixed(0)} | ${ms(slack.answerP50)} | ${ms(slack.answerP95)} | ${ms(slack.answerP99)} | ${slack.missing} missing, ${slack.duplicates} duplicated |`,
    );
  }
  return lines.join('\n');
}
