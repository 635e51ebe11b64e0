/**
 * Streamed answers in every channel (`npm run bench -- streaming`): the server as a user starts it
 * (a child process, fresh embedded database, Slack and Teams on), a hosted model played by a local
 * OpenAI-compatible stub that streams 80 tokens 50 ms apart, a fake Slack Web API and a fake Bot
 * Connector, all on 127.0.0.1 in this process, so every time below is read on one clock:
 *  - per channel, from the model's first token leaving the stub to the first answer text a user
 *    could see (Slack: chat.startStream reaching Slack; Teams: the first `streaming` update reaching
 *    the connector; web: the first `delta` event reaching the browser's fetch), 20 answers each;
 *  - the Slack Web API calls one streamed answer costs;
 *  - duplicates under forced retries (Slack: each event delivered 3 times at once; Teams: each
 *    activity POSTed twice at once);
 *  - the server's RSS when idle, after start and after the answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FakeConnector, startFakeConnector } from '../../test/support/fake-connector.js';
import { type FakeSlack, mentionEnvelope, postSigned, startFakeSlack, waitFor } from '../../test/support/fake-slack.js';
import { type OpenAIStub, type StreamRecord, startOpenAIStub } from '../../test/support/openai-stub.js';
import { rssOf, startServerProcess } from './http.js';
import { mb, ms, percentile } from './stats.js';

const SECRET = 'bench-stream-signing-secret-0123456789';
const TOKENS = 80;
const TOKEN_EVERY_MS = 50;
const ANSWERS = 20;
const RETRIED = 20;
const QUESTIONS = [
  'What are the main risks of forming a joint venture?',
  'How should we share IP in a licensing deal?',
  'What is co-creation?',
  'What are the benefits of co-creation?',
  'What are best practices for joint marketing and sales?',
];

// Questions the model answers (a comparison goes to the comparison engine and streams no model text).

/** 80 words, with citation markers the advisor keeps: the model's answer, one token per word. */
function modelAnswer(): string {
  const sentence = [
    'A joint venture creates a new entity that its parents own and govern together [1].',
    'The partners share control, profits and losses in the proportions they agree at the start [2].',
    'Governance works best with a board, reserved matters and a clear route to exit when goals drift apart [1].',
  ].join(' ');
  const words = sentence.split(' ');
  while (words.length < TOKENS) words.push(...words.slice(0, TOKENS - words.length));
  return `${words.slice(0, TOKENS - 1).join(' ')} [2].`;
}

export interface ChannelFigures {
  readonly channel: string;
  readonly answers: number;
  /** First visible answer text minus the model's first token, one per answer (ms). */
  readonly latencies: number[];
}

export interface StreamingFigures {
  readonly channels: ChannelFigures[];
  /** Web API calls per streamed Slack answer, by method, averaged; and the largest total seen. */
  readonly slackCalls: { perAnswer: Record<string, number>; total: number; maxTotal: number };
  readonly slackRetries: { messages: number; deliveries: number; answers: number; duplicates: number; missing: number };
  readonly teamsRetries: { messages: number; deliveries: number; answers: number; duplicates: number; missing: number };
  readonly idleRssStart: number;
  readonly idleRssAfter: number;
}

let seq = 0;

function streamMention(fake: FakeSlack, channel: string, question: string) {
  seq += 1;
  return mentionEnvelope(fake, {
    eventId: `EvStreamBench${seq}`,
    user: `USB${seq}`,
    channel,
    question,
    authorized: true,
  });
}

function teamsActivity(connector: FakeConnector, conversation: string, text: string) {
  return {
    type: 'message',
    id: `bench-msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:bench-user', aadObjectId: `aad-bench-${seq}` },
    recipient: { id: '28:bench-bot', name: 'Partnership Advisor' },
    conversation: { id: conversation, conversationType: 'personal' },
    text,
  };
}

/** Runs `ask` and returns the model stream it caused (the stub records one per answer). */
async function oneAnswer(stub: OpenAIStub, ask: () => Promise<number>): Promise<number> {
  const before = stub.streams.length;
  const shownAt = await ask();
  const stream: StreamRecord | undefined = stub.streams[before];
  if (stream?.firstPieceAt === undefined) throw new Error('the answer did not come from the model stream');
  return shownAt - stream.firstPieceAt;
}

export async function benchStreaming(): Promise<StreamingFigures> {
  const [stub, fake, connector] = await Promise.all([
    startOpenAIStub({ pieceDelayMs: TOKEN_EVERY_MS }),
    startFakeSlack(),
    startFakeConnector(),
  ]);
  const answer = modelAnswer();
  stub.setChatHandler(() => answer);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'advisor-bench-stream-'));
  const { url, child } = await startServerProcess({
    DATABASE_URL: `pglite://${dataDir}`,
    SLACK_BOT_TOKEN: 'xoxb-bench-stream',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    TEAMS_ENABLED: 'true',
    CHAT_PROVIDER: 'openai',
    OPENAI_BASE_URL: stub.baseURL,
    OPENAI_API_KEY: 'sk-bench',
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idleRssStart = await rssOf(child.pid ?? 0);
    const question = (i: number) => QUESTIONS[i % QUESTIONS.length] ?? '';

    // Slack: a mention in a channel, answered in its thread.
    const slackLatencies: number[] = [];
    const perMethod = new Map<string, number>();
    const totals: number[] = [];
    for (let i = -1; i < ANSWERS; i++) {
      const channel = 'CSTREAM1';
      const from = fake.calls.length;
      const latency = await oneAnswer(stub, async () => {
        const { ts, body } = streamMention(fake, channel, question(i + 1));
        await postSigned(`${url}/slack/events`, SECRET, { json: body });
        await waitFor(() => fake.answersIn(channel, ts)[0], 60_000);
        // Reactions come off after the stop.
        await waitFor(() => fake.calls.slice(from).some((c) => c.method === 'reactions.remove'), 10_000);
        const first = fake.calls.slice(from).find((c) => c.method === 'chat.startStream' && c.args.thread_ts === ts);
        if (!first) throw new Error('the Slack answer was not streamed');
        return first.at;
      });
      if (i < 0) continue; // warm-up
      slackLatencies.push(latency);
      const calls = fake.calls.slice(from);
      totals.push(calls.length);
      for (const c of calls) perMethod.set(c.method, (perMethod.get(c.method) ?? 0) + 1);
    }

    // Teams: a personal chat, streamed with streaminfo.
    const teamsLatencies: number[] = [];
    for (let i = -1; i < ANSWERS; i++) {
      const conversation = `a:bench-stream-${i + 1}`;
      const latency = await oneAnswer(stub, async () => {
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(teamsActivity(connector, conversation, question(i + 1))),
        });
        await res.text();
        await connector.waitForMessages(conversation, 1, 60_000);
        const first = connector.sent.find(
          (s) =>
            s.conversationId === conversation &&
            (s.activity.entities ?? []).some((e: { streamType?: string }) => e.streamType === 'streaming'),
        );
        if (!first) throw new Error('the Teams answer was not streamed');
        return first.at;
      });
      if (i >= 0) teamsLatencies.push(latency);
    }

    // Web: POST /api/ask read as Server-Sent Events.
    const webLatencies: number[] = [];
    for (let i = -1; i < ANSWERS; i++) {
      const latency = await oneAnswer(stub, async () => {
        const res = await fetch(`${url}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ question: question(i + 1) }),
        });
        const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
        let seen = '';
        let firstDelta: number | undefined;
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          seen += chunk.value;
          if (firstDelta === undefined && seen.includes('event: delta')) firstDelta = performance.now();
        }
        if (firstDelta === undefined || !seen.includes('event: done'))
          throw new Error('the web answer was not streamed');
        return firstDelta;
      });
      if (i >= 0) webLatencies.push(latency);
    }

    // Forced retries, all at once.
    const retried = Array.from({ length: RETRIED }, (_, i) => streamMention(fake, 'CRETRY01', question(i)));
    const retryHeaders = (n: number) => ({ 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' });
    await Promise.all(
      retried.flatMap((m) => [
        postSigned(`${url}/slack/events`, SECRET, { json: m.body }),
        postSigned(`${url}/slack/events`, SECRET, { json: m.body }, { headers: retryHeaders(1) }),
        postSigned(`${url}/slack/events`, SECRET, { json: m.body }, { headers: retryHeaders(2) }),
      ]),
    );
    const threads = new Set(retried.map((m) => m.ts));
    const slackStarts = () =>
      fake.calls.filter(
        (c) => (c.method === 'chat.startStream' || c.method === 'chat.postMessage') && threads.has(c.args.thread_ts),
      );
    await waitFor(() => retried.every((m) => fake.answersIn('CRETRY01', m.ts).length > 0), 120_000).catch(() => {});
    const activities = Array.from({ length: RETRIED }, (_, i) =>
      teamsActivity(connector, `a:bench-retry-${i}`, question(i)),
    );
    await Promise.all(
      activities.flatMap((a) =>
        [0, 1].map(() =>
          fetch(`${url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(a),
          }).then((r) => r.text()),
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const slackAnswered = new Set(slackStarts().map((c) => c.args.thread_ts)).size;
    const teamsFinals = activities.map((a) => connector.messages(a.conversation.id).length);

    await new Promise((r) => setTimeout(r, 2000));
    const idleRssAfter = await rssOf(child.pid ?? 0);
    return {
      channels: [
        { channel: 'Slack (mention, chat streaming)', answers: ANSWERS, latencies: slackLatencies },
        { channel: 'Teams (personal chat, streaminfo)', answers: ANSWERS, latencies: teamsLatencies },
        { channel: 'Web (POST /api/ask, Server-Sent Events)', answers: ANSWERS, latencies: webLatencies },
      ],
      slackCalls: {
        perAnswer: Object.fromEntries([...perMethod].map(([m, n]) => [m, n / ANSWERS])),
        total: totals.reduce((a, b) => a + b, 0) / ANSWERS,
        maxTotal: Math.max(...totals),
      },
      slackRetries: {
        messages: RETRIED,
        deliveries: RETRIED * 3,
        answers: slackStarts().length,
        duplicates: slackStarts().length - slackAnswered,
        missing: RETRIED - slackAnswered,
      },
      teamsRetries: {
        messages: RETRIED,
        deliveries: RETRIED * 2,
        answers: teamsFinals.reduce((a, b) => a + b, 0),
        duplicates: teamsFinals.reduce((a, n) => a + Math.max(0, n - 1), 0),
        missing: teamsFinals.filter((n) => n === 0).length,
      },
      idleRssStart,
      idleRssAfter,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await Promise.all([stub.close(), fake.close(), connector.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatStreamingFigures(f: StreamingFigures): string {
  const rows = f.channels.map(
    (c) =>
      `| ${c.channel} | ${c.answers} | ${ms(percentile(c.latencies, 50))} | ${ms(percentile(c.latencies, 95))} | ${ms(Math.max(...c.latencies))} |`,
  );
  const calls = Object.entries(f.slackCalls.perAnswer)
    .map(([method, n]) => `${method} ${n.toFixed(1)}`)
    .join(', ');
  const retries = (r: StreamingFigures['slackRetries']) =>
    `${r.messages} questions delivered ${r.deliveries} times: ${r.answers} answers, ${r.duplicates} duplicates, ${r.missing} unanswered`;
  return [
    `A hosted model played by a stub streaming ${TOKENS} tokens ${TOKEN_EVERY_MS} ms apart (about ${((TOKENS * TOKEN_EVERY_MS) / 1000).toFixed(0)} s per answer); the server is a child process as \`npm start\` runs it; Slack, the Bot Connector and the stub are fakes on 127.0.0.1 in the bench process, so both ends of each time are read on one clock. One answer at a time, after one warm-up per channel.`,
    '',
    '"First text" runs from the model\'s first token leaving the stub to the first answer text reaching the user\'s side (Slack: chat.startStream; Teams: the first `streaming` update; web: the first `delta` event).',
    '',
    '| channel | answers | first text p50 | p95 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Slack Web API calls per streamed answer: ${f.slackCalls.total.toFixed(1)} on average, at most ${f.slackCalls.maxTotal} (${calls}).`,
    `Forced retries, Slack (original + X-Slack-Retry-Num 1 and 2, at once): ${retries(f.slackRetries)}.`,
    `Forced retries, Teams (each activity POSTed twice at once): ${retries(f.teamsRetries)}.`,
    `Server RSS idle: ${mb(f.idleRssStart)} after start, ${mb(f.idleRssAfter)} after the ${f.channels.length * (ANSWERS + 1) + RETRIED * 2} answers.`,
  ].join('\n');
}
