import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  /** Decoded conversation id from the URL. */
  readonly conversationId: string;
  /** The activity replied to (from the URL), when the bot replied rather than posted. */
  readonly replyToId: string | undefined;
  /** The id the fake connector assigned. */
  readonly id: string;
  // biome-ignore lint/suspicious/noExplicitAny: activities are checked field by field in tests.
  readonly activity: any;
  readonly authorization: string | undefined;
}

export interface FakeConnector {
  /** The serviceUrl to put in activities. */
  readonly url: string;
  readonly sent: SentActivity[];
  /** Messages only (no typing indicators). */
  messages(conversationId?: string): SentActivity[];
  /** Resolves once `count` messages of the conversation arrived (rejects after `timeoutMs`). */
  waitForMessages(conversationId: string, count: number, timeoutMs?: number): Promise<SentActivity[]>;
  close(): Promise<void>;
}

/** The Bot Connector REST API, as far as a bot replying to conversations uses it, on 127.0.0.1. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: SentActivity[] = [];
  let next = 1;
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const id = `bot-msg-${next++}`;
    sent.push({
      conversationId: decodeURIComponent(match[1]),
      replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
      id,
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
