import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  /** Decoded conversation id from the URL. */
  readonly conversationId: string;
  /** The activity replied to (from the URL), when the bot replied rather than posted. */
  readonly replyToId: string | undefined;
  /** The id the fake connector assigned. */
  readonly id: string;
  /** When it arrived (performance.now() of this process), for latency figures. */
  readonly at: number;
  // biome-ignore lint/suspicious/noExplicitAny: activities are checked field by field in tests.
  readonly activity: any;
  readonly authorization: string | undefined;
}

export interface StreamStep {
  readonly activityType: string;
  readonly streamType: 'informative' | 'streaming' | 'final' | undefined;
  readonly streamSequence: number | undefined;
  readonly streamId: string | undefined;
  /** The activity's own id field (a stream's updates carry the stream id). */
  readonly id: string | undefined;
  /** The id this fake assigned (the first activity's becomes the stream id). */
  readonly assignedId: string;
  readonly text: string;
}

export interface FakeConnector {
  /** The serviceUrl to put in activities. */
  readonly url: string;
  readonly sent: SentActivity[];
  /** Messages only (no typing indicators). */
  messages(conversationId?: string): SentActivity[];
  /** The streaminfo entities of a conversation's activities, in the order they arrived. */
  streamOf(conversationId: string): StreamStep[];
  /** Answers the next `times` activities with this HTTP status (e.g. 403: Teams stopped the stream). */
  failNext(status: number, times?: number): void;
  /** Resolves once `count` messages of the conversation arrived (rejects after `timeoutMs`). */
  waitForMessages(conversationId: string, count: number, timeoutMs?: number): Promise<SentActivity[]>;
  close(): Promise<void>;
}

/** The Bot Connector REST API, as far as a bot replying to conversations uses it, on 127.0.0.1. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: SentActivity[] = [];
  let next = 1;
  const failures: number[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const status = failures.shift();
    if (status) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'ContentStreamNotAllowed', message: 'scripted failure' } }));
      return;
    }
    const id = `bot-msg-${next++}`;
    sent.push({
      conversationId: decodeURIComponent(match[1]),
      replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
      id,
      at: performance.now(),
      activity: JSON.parse(raw),
      authorization: req.headers.authorization,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const messages = (conversationId?: string) =>
    sent.filter((s) => s.activity.type === 'message' && (!conversationId || s.conversationId === conversationId));
  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    messages,
    streamOf: (conversationId) =>
      sent
        .filter((s) => s.conversationId === conversationId)
        .map(({ activity, id: assignedId }) => {
          const info = (activity.entities ?? []).find((e: { type?: string }) => e.type === 'streaminfo');
          return {
            activityType: activity.type,
            streamType: info?.streamType,
            streamSequence: info?.streamSequence,
            streamId: info?.streamId,
            id: activity.id,
            assignedId,
            text: activity.text ?? '',
          };
        }),
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    async waitForMessages(conversationId, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages(conversationId).length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `waited ${timeoutMs} ms for ${count} messages in ${conversationId}; got ${messages(conversationId).length}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages(conversationId);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
