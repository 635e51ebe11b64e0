/**
 * A fake Slack on 127.0.0.1: the Web API (form-encoded posts, as @slack/web-api sends them) and
 * response URLs. It records every call, keeps posted messages so that conversations.replies
 * returns the thread, and signs requests the way Slack does (v0 HMAC-SHA256).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachSocketMode, type SocketModeFake } from './fake-socket-mode.js';

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0000001';

export interface ApiCall {
  readonly method: string;
  /** The bearer token the call was made with. */
  readonly token: string;
  /** When the call arrived (performance.now() of this process), for latency figures. */
  readonly at: number;
  // biome-ignore lint/suspicious/noExplicitAny: recorded payloads are checked field by field in tests.
  readonly args: Record<string, any>;
}

export interface ResponseUrlPost {
  readonly id: string;
  // biome-ignore lint/suspicious/noExplicitAny: recorded payloads are checked field by field in tests.
  readonly body: Record<string, any>;
}

export interface StoredMessage {
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: unknown;
  /** A streamed message between chat.startStream and chat.stopStream. */
  streaming?: boolean;
}

export interface FakeSlack {
  /** Web API base, as SLACK_API_URL expects it: http://127.0.0.1:PORT/api/ */
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  /** A response_url that records what is posted to it. */
  responseUrl(id: string): string;
  /** A message timestamp later than every earlier one (Slack's ts order is time order). */
  nextTs(): string;
  /** A message a person wrote (so conversations.replies can return it). */
  addUserMessage(channel: string, message: { ts: string; user: string; text: string; thread_ts?: string }): void;
  callsOf(method: string): ApiCall[];
  /**
   * Answers the next `times` calls of `method` with a failure instead: a Web API error
   * (`{ ok: false, error }`) or HTTP 429 with Retry-After (seconds).
   */
  fail(method: string, failure: { error: string } | { rateLimitedFor: number }, times?: number): void;
  /** A message as Slack would now show it (streamed text put together, updates applied). */
  message(channel: string, ts: string): StoredMessage | undefined;
  /** The bot's finished messages in a thread (streamed or posted, updates applied), oldest first. */
  answersIn(channel: string, threadTs: string): StoredMessage[];
  /** Socket Mode: apps.connections.open hands out this fake's WebSocket URL. */
  readonly socketMode: SocketModeFake;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client posts form fields; objects (blocks, view) arrive as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const threads = new Map<string, StoredMessage[]>();
  const failures: Array<{ method: string; failure: { error: string } | { rateLimitedFor: number } }> = [];
  const byTs = new Map<string, StoredMessage>();
  let clock = 1_700_000_000;
  const nextTs = () => `${++clock}.000100`;
  const store = (channel: string, m: StoredMessage) => {
    const root = m.thread_ts ?? m.ts;
    const key = `${channel}:${root}`;
    threads.set(key, [...(threads.get(key) ?? []), m]);
    byTs.set(`${channel}:${m.ts}`, m);
  };
  /** Streamed text arrives as markdown_text or as chunks of type markdown_text. */
  const streamedText = (args: Record<string, unknown>) =>
    String(args.markdown_text ?? '') +
    (Array.isArray(args.chunks) ? args.chunks : [])
      .map((c: { type?: string; text?: string }) => (c.type === 'markdown_text' ? (c.text ?? '') : ''))
      .join('');

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = req.url ?? '';
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.startsWith('/response/')) {
      responses.push({ id: url.slice('/response/'.length), body: JSON.parse(raw || '{}') });
      send({ ok: true });
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type']);
    calls.push({
      method,
      args,
      at: performance.now(),
      token: String(req.headers.authorization ?? '').replace(/^Bearer /, ''),
    });
    const scripted = failures.findIndex((f) => f.method === method);
    if (scripted >= 0) {
      const failure = failures.splice(scripted, 1)[0]?.failure ?? { error: 'internal_error' };
      if ('rateLimitedFor' in failure) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(failure.rateLimitedFor) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      } else {
        send({ ok: false, error: failure.error });
      }
      return;
    }
    switch (method) {
      case 'chat.startStream': {
        const channel = String(args.channel);
        // As Slack: streams are thread replies, and outside direct messages they name their recipient.
        if (!args.thread_ts || (!channel.startsWith('D') && (!args.recipient_user_id || !args.recipient_team_id))) {
          send({ ok: false, error: 'invalid_arguments' });
          return;
        }
        const ts = nextTs();
        store(channel, {
          streaming: true,
          ts,
          bot_id: BOT_ID,
          user: BOT_USER_ID,
          text: streamedText(args),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        });
        send({ ok: true, channel, ts });
        return;
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const message = byTs.get(`${args.channel}:${args.ts}`);
        if (!message) {
          send({ ok: false, error: 'message_not_found' });
          return;
        }
        if (!message.streaming) {
          send({ ok: false, error: 'message_not_in_streaming_state' });
          return;
        }
        message.text += streamedText(args);
        if (method === 'chat.stopStream') {
          message.streaming = false;
          if (args.blocks) message.blocks = args.blocks;
        }
        send({ ok: true, channel: args.channel, ts: args.ts });
        return;
      }
      case 'chat.update': {
        const message = byTs.get(`${args.channel}:${args.ts}`);
        if (!message) {
          send({ ok: false, error: 'message_not_found' });
          return;
        }
        message.text = String(args.text ?? '');
        message.blocks = args.blocks;
        message.streaming = false;
        send({ ok: true, channel: args.channel, ts: args.ts });
        return;
      }
      case 'apps.connections.open':
        send({ ok: true, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket-mode` });
        return;
      case 'auth.test':
        send({ ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: TEAM_ID, user: 'advisor', team: 'Test' });
        return;
      case 'chat.postMessage': {
        const ts = nextTs();
        const channel = String(args.channel);
        const message: StoredMessage = {
          ts,
          bot_id: BOT_ID,
          user: BOT_USER_ID,
          text: String(args.text ?? ''),
          blocks: args.blocks,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        };
        store(channel, message);
        send({ ok: true, channel, ts, message });
        return;
      }
      case 'conversations.replies': {
        const messages = [...(threads.get(`${args.channel}:${args.ts}`) ?? [])].sort(
          (a, b) => Number(a.ts) - Number(b.ts),
        );
        send({ ok: true, messages, has_more: false });
        return;
      }
      default:
        send({ ok: true });
    }
  });
  const socketMode = attachSocketMode(server, '/socket-mode');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    responseUrl: (id) => `${base}/response/${id}`,
    nextTs,
    socketMode,
    addUserMessage: (channel, m) => store(channel, { ...m }),
    callsOf: (method) => calls.filter((c) => c.method === method),
    fail: (method, failure, times = 1) => {
      for (let i = 0; i < times; i++) failures.push({ method, failure });
    },
    message: (channel, ts) => byTs.get(`${channel}:${ts}`),
    answersIn: (channel, threadTs) =>
      [...(threads.get(`${channel}:${threadTs}`) ?? [])]
        .filter((m) => m.bot_id === BOT_ID && !m.streaming)
        .sort((a, b) => Number(a.ts) - Number(b.ts)),
    close: () =>
      new Promise<void>((resolve) => {
        socketMode.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An Events API envelope of an `app_mention` in `channel`, with a fresh message ts; `authorized`
 * adds the installation's `authorizations` (the bot as recipient), as Slack sends for shared channels.
 */
export function mentionEnvelope(
  fake: Pick<FakeSlack, 'nextTs'>,
  input: { eventId: string; user: string; channel: string; question: string; authorized?: boolean },
) {
  const ts = fake.nextTs();
  return {
    ts,
    body: {
      token: 'legacy',
      team_id: TEAM_ID,
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: input.eventId,
      event_time: Math.floor(Date.now() / 1000),
      ...(input.authorized ? { authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }] } : {}),
      event: {
        type: 'app_mention',
        user: input.user,
        text: `<@${BOT_USER_ID}> ${input.question}`,
        channel: input.channel,
        ts,
        event_ts: ts,
      },
    },
  };
}

/** Slack's request signature: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Posts a signed request like Slack does: JSON for events, form-encoded for commands and interactions. */
export async function postSigned(
  url: string,
  secret: string,
  payload: { json: unknown } | { form: Record<string, string> },
  options: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const body = 'json' in payload ? JSON.stringify(payload.json) : new URLSearchParams(payload.form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'json' in payload ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the fake Slack');
    await new Promise((r) => setTimeout(r, 20));
  }
}
