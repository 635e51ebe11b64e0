/**
 * Slack channel: acknowledgement latency of signed slash commands and events posted into the
 * advisor server's /slack/events (each one also starts a real answer in the background, as in
 * use), and duplicate posts under forced retries. Slack itself is a fake on 127.0.0.1.
 */
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.js';
import { startAdvisorServer } from '../../src/main.js';
import {
  type FakeSlack,
  mentionEnvelope,
  postSigned,
  startFakeSlack,
  TEAM_ID,
  waitFor,
} from '../../test/support/fake-slack.js';
import { ms, percentile } from './stats.js';

const SECRET = 'bench-signing-secret-0123456789';
const QUESTIONS = [
  'What are the main risks of forming a joint venture?',
  'How should we share IP in a licensing deal?',
  'What is co-creation?',
  'When does a strategic alliance beat a joint venture?',
  'What are best practices for joint marketing and sales?',
];

export interface AckFigures {
  readonly kind: string;
  readonly concurrency: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly non200: number;
}

export interface SlackFigures {
  readonly acks: AckFigures[];
  readonly retried: { messages: number; deliveries: number; posts: number; duplicates: number; missing: number };
}

let eventSeq = 0;

/** Each answer opens with chat.startStream (streamed) or chat.postMessage (a notice, or streaming refused). */
function answersStarted(fake: FakeSlack) {
  return fake.calls.filter((c) => c.method === 'chat.startStream' || c.method === 'chat.postMessage');
}

function benchMention(fake: FakeSlack, user: string) {
  const question = QUESTIONS[eventSeq % QUESTIONS.length] ?? '';
  eventSeq += 1;
  return mentionEnvelope(fake, { eventId: `EvBench${eventSeq}`, user, channel: 'CBENCH01', question });
}

async function measure(
  kind: string,
  total: number,
  concurrency: number,
  send: (i: number) => Promise<{ status: number }>,
): Promise<AckFigures> {
  const latencies: number[] = [];
  let non200 = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await send(i);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) non200++;
      }
    }),
  );
  return {
    kind,
    concurrency,
    requests: total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    non200,
  };
}

export async function benchSlack(options: { requests?: number; retriedMessages?: number } = {}): Promise<SlackFigures> {
  const requests = options.requests ?? 250;
  const retriedMessages = options.retriedMessages ?? 100;
  const fake = await startFakeSlack();
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  const server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
  const url = `${server.url}/slack/events`;
  try {
    const acks: AckFigures[] = [];
    for (const concurrency of [1, 10]) {
      acks.push(
        await measure('slash command /advisor <question>', requests, concurrency, (i) =>
          postSigned(url, SECRET, {
            form: {
              command: '/advisor',
              text: QUESTIONS[i % QUESTIONS.length] ?? '',
              user_id: `UCMD${i % 50}`,
              channel_id: 'CBENCH01',
              team_id: TEAM_ID,
              response_url: fake.responseUrl(`bench-${concurrency}-${i}`),
              trigger_id: `t${i}`,
            },
          }),
        ),
      );
      acks.push(
        await measure('event app_mention', requests, concurrency, () =>
          postSigned(url, SECRET, { json: benchMention(fake, 'UEVT0001').body }),
        ),
      );
    }
    // Let the background answers of the ack runs finish before the retry run counts posts.
    await waitFor(() => fake.responses.length >= requests * 2, 120_000);
    await waitFor(() => answersStarted(fake).length >= requests * 2, 120_000);

    // Forced retries: every message delivered three times at once (original + retries 1 and 2).
    const messages = Array.from({ length: retriedMessages }, () => benchMention(fake, 'URETRY01'));
    await Promise.all(
      messages.flatMap((m) => [
        postSigned(url, SECRET, { json: m.body }),
        postSigned(
          url,
          SECRET,
          { json: m.body },
          { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } },
        ),
        postSigned(
          url,
          SECRET,
          { json: m.body },
          { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } },
        ),
      ]),
    );
    const threads = new Set(messages.map((m) => m.ts));
    const postsFor = () => answersStarted(fake).filter((c) => threads.has(String(c.args.thread_ts)));
    await waitFor(() => new Set(postsFor().map((c) => c.args.thread_ts)).size >= retriedMessages, 120_000).catch(
      () => {},
    );
    await new Promise((r) => setTimeout(r, 1000));
    const posts = postsFor();
    const answered = new Set(posts.map((c) => c.args.thread_ts)).size;
    return {
      acks,
      retried: {
        messages: retriedMessages,
        deliveries: retriedMessages * 3,
        posts: posts.length,
        duplicates: posts.length - answered,
        missing: retriedMessages - answered,
      },
    };
  } finally {
    await server.close();
    await fake.close();
  }
}

export function formatSlackFigures(f: SlackFigures): string {
  const rows = f.acks.map(
    (a) =>
      `| ${a.kind} | ${a.concurrency} | ${a.requests} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${ms(a.max)} | ${a.non200} |`,
  );
  return [
    'Signed requests into POST /slack/events; each acknowledged request also starts its answer in the background.',
    '| request | concurrent | requests | p50 | p95 | p99 | max | non-200 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Forced retries: ${f.retried.messages} mentions delivered ${f.retried.deliveries} times (original + X-Slack-Retry-Num 1 and 2, concurrently): ${f.retried.posts} answers posted, ${f.retried.duplicates} duplicates, ${f.retried.missing} unanswered.`,
  ].join('\n');
}
