/**
 * A streamed answer as Server-Sent Events (POST /api/ask with `Accept: text/event-stream`):
 * `status` and `delta` events as the answer is written, then `done` with the same JSON as
 * `Accept: application/json` returns. A client that disconnects stops the answer (and the model
 * call). Nothing is written until the first event: a question that fails at once gets the usual
 * JSON error response.
 */
import type { Request, Response } from 'express';
import { askView } from '../../core/commands/index.js';
import type { AskEvent } from '../../core/stream/ask-stream.js';
import type { AskResult } from '../../core/types.js';

export function wantsEventStream(req: Request): boolean {
  return /\btext\/event-stream\b/.test(req.get('accept') ?? '');
}

/** Writes `events` to `res`; returns the result, or throws when answering fails (after an `error` event when already streaming). */
export async function sendEventStream(
  req: Request,
  res: Response,
  events: AsyncIterable<AskEvent>,
): Promise<AskResult> {
  const iterator = events[Symbol.asyncIterator]();
  const gone = () => {
    if (!res.writableEnded) void iterator.return?.();
  };
  req.on('close', gone);
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    let next = await iterator.next();
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies such as nginx would otherwise hold the events back.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    for (; !next.done; next = await iterator.next()) {
      const event = next.value;
      if (event.type === 'status') send('status', { stage: event.stage, text: event.text });
      else if (event.type === 'delta') send('delta', { text: event.text });
      else {
        send('done', { ...askView(event.result), revised: event.revised });
        res.end();
        return event.result;
      }
    }
    throw new Error('The answer stream ended without a result.');
  } finally {
    req.off('close', gone);
  }
}
