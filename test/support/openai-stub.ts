import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted failure; `on` limits it to one route (default: the next request of any kind). */
export type Fault = (
  | { status: 429 | 500 | 503; retryAfterMs?: number }
  | { delayMs: number }
  | { malformed: true }
  | { reset: true }
  /** A streamed answer whose connection is cut after this many pieces. */
  | { cutAfterPieces: number }
  /** A streamed answer that stops sending (connection left open) after this many pieces. */
  | { stallAfterPieces: number }
) & { on?: 'embeddings' | 'chat' };

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  /** True once the client closed the connection before the response was complete (an aborted call). */
  abortedByClient: boolean;
}

export interface StreamRecord {
  sent: number;
  /** When the first piece was written (performance.now() of this process), for latency figures. */
  firstPieceAt?: number;
  /** The request's last message (the question's prompt), to tell streams apart. */
  prompt: string;
  outcome: 'streaming' | 'finished' | 'cut' | 'stalled' | 'closed by client';
}

type ChatHandler = (messages: Array<{ role: string; content: string }>, body: Record<string, unknown>) => string;

export interface OpenAIStub {
  /** OpenAI-style base URL, e.g. http://127.0.0.1:PORT/v1 */
  readonly baseURL: string;
  /** Root URL for Azure-style routes (/openai/deployments/...). */
  readonly rootURL: string;
  readonly requests: RecordedRequest[];
  /** Faults are consumed one per request, in order. */
  enqueueFault(...faults: Fault[]): void;
  /** Faults enqueued and not consumed yet. */
  pendingFaults(): number;
  setChatHandler(handler: ChatHandler): void;
  /** Pause before each streamed piece. */
  setPieceDelay(ms: number): void;
  /** Streamed answers, in order of request: how many pieces were sent and how each ended. */
  readonly streams: StreamRecord[];
  close(): Promise<void>;
}

/**
 * The settings that point the advisor's chat model at this stub: no retries, and (for tests of a
 * stream that stops sending) a short timeout.
 */
export function stubChatEnv(
  stub: Pick<OpenAIStub, 'baseURL'>,
  options: { timeoutMs?: number } = {},
): Record<string, string> {
  return {
    CHAT_PROVIDER: 'openai',
    OPENAI_BASE_URL: stub.baseURL,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_MAX_RETRIES: '0',
    ...(options.timeoutMs ? { OPENAI_TIMEOUT_MS: String(options.timeoutMs) } : {}),
  };
}

/** A deterministic vector per input, so that equal texts get equal embeddings. */
export function stubVector(text: string, dims: number): number[] {
  const v: number[] = [];
  for (let i = 0; v.length < dims; i++) {
    const digest = createHash('sha256').update(`${i}:${text}`).digest();
    for (let j = 0; j + 4 <= digest.length && v.length < dims; j += 4) v.push(digest.readInt32LE(j) / 2 ** 31);
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** The pieces a streamed answer is sent in: one word (with its trailing space) each, like tokens. */
export function stubPieces(content: string): string[] {
  return content.match(/\s*\S+\s*/g) ?? [];
}

/**
 * A local OpenAI-compatible server for tests: embeddings and chat completions (whole, or streamed
 * as server-sent events one word every `pieceDelayMs`), with scripted faults.
 */
export async function startOpenAIStub(options: { dims?: number; pieceDelayMs?: number } = {}): Promise<OpenAIStub> {
  const dims = options.dims ?? 16;
  let pieceDelayMs = options.pieceDelayMs ?? 0;
  const streams: StreamRecord[] = [];
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  let chat: ChatHandler = () => 'A stub answer [1].';

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', 'http://stub');
    const recorded: RecordedRequest = { path: url.pathname, headers: req.headers, body, abortedByClient: false };
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.abortedByClient = true;
    });

    const route = url.pathname.endsWith('/embeddings') ? 'embeddings' : 'chat';
    const index = faults.findIndex((f) => !f.on || f.on === route);
    const fault = index >= 0 ? faults.splice(index, 1)[0] : undefined;
    if (fault && 'reset' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        'retry-after-ms': String(fault.retryAfterMs ?? 10),
      });
      res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
      return;
    }
    if (fault && 'malformed' in fault) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"not json');
      return;
    }

    if (url.pathname.endsWith('/embeddings')) {
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      const size = typeof body.dimensions === 'number' ? body.dimensions : dims;
      const data = inputs.map((text, index) => {
        const vector = stubVector(text, size);
        const embedding =
          body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }),
      );
      return;
    }
    if (url.pathname.endsWith('/chat/completions') && body.stream === true) {
      const content = chat(body.messages as Array<{ role: string; content: string }>, body);
      const messages = body.messages as Array<{ role: string; content: string }>;
      const record: StreamRecord = { sent: 0, outcome: 'streaming', prompt: messages.at(-1)?.content ?? '' };
      streams.push(record);
      await streamChat(res, stubPieces(content), pieceDelayMs, record, fault);
      return;
    }
    if (url.pathname.endsWith('/chat/completions')) {
      const content = chat(body.messages as Array<{ role: string; content: string }>, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-stub',
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no route ${url.pathname}` } }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    rootURL: `http://127.0.0.1:${port}`,
    requests,
    enqueueFault: (...f) => faults.push(...f),
    pendingFaults: () => faults.length,
    setChatHandler: (handler) => {
      chat = handler;
    },
    setPieceDelay: (ms) => {
      pieceDelayMs = ms;
    },
    streams,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Chat completion chunks as server-sent events, the way OpenAI and Azure send `stream: true` answers. */
async function streamChat(
  res: ServerResponse,
  pieces: readonly string[],
  delayMs: number,
  record: StreamRecord,
  fault?: Fault,
) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'chatcmpl-stub',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'stub',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  // Azure opens with a chunk that has no choices (prompt filter results).
  event({ id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [] });
  event(chunk({ role: 'assistant', content: '' }));
  for (const [i, piece] of pieces.entries()) {
    if (fault && 'cutAfterPieces' in fault && i === fault.cutAfterPieces) {
      record.outcome = 'cut';
      // Let the pieces already written reach the client before the connection goes.
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return;
    }
    if (fault && 'stallAfterPieces' in fault && i === fault.stallAfterPieces) {
      record.outcome = 'stalled';
      return;
    }
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (res.destroyed || res.socket?.destroyed) {
      record.outcome = 'closed by client';
      return;
    }
    event(chunk({ content: piece }));
    record.firstPieceAt ??= performance.now();
    record.sent++;
  }
  event(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
  record.outcome = 'finished';
}
