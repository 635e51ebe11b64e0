import { liveAnswerText } from '../answer/live-text.js';
import type { Passage } from '../retrieval/retriever.js';
import type { AskResult } from '../types.js';
import type { SettledText } from './settled-text.js';

/**
 * What a streamed ask yields, in order: `status` events, `delta`s of answer text, then one `done`.
 * Unless `done.revised` is set, the deltas put together are exactly `done.result.answer`; when it is
 * set (the model's answer was replaced, e.g. by quoted passages after it cited nothing), the text
 * shown so far must be replaced by `result.answer`.
 */
export type AskEvent =
  | { readonly type: 'status'; readonly stage: 'searching' | 'writing'; readonly text: string }
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly result: AskResult; readonly revised: boolean };

export const SEARCHING_STATUS = 'Searching the partnership chapters…';

export function writingStatus(passages: number): string {
  return `Found ${passages} relevant passage${passages === 1 ? '' : 's'}; writing the answer…`;
}

/** What the advisor reports while it answers (the seam between `askDetailed` and a stream). */
export interface AskProgress {
  /** Retrieval finished; `passages` are what the answer will cite (empty when it abstains). */
  retrieved(passages: readonly Passage[]): void;
  /** A piece of the model's answer, as generated. */
  modelText(piece: string): void;
}

/** The ask a stream wraps: it reports progress and honours `signal` (aborted when the reader leaves). */
export type ProgressiveAsk = (progress: AskProgress, signal: AbortSignal) => Promise<AskResult>;

/**
 * Runs `ask` and yields its progress as events. A reader that stops early (a closed connection)
 * aborts the ask, and with it the model call; `signal` aborts it from outside.
 */
export async function* streamAsk(ask: ProgressiveAsk, signal?: AbortSignal): AsyncGenerator<AskEvent> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });

  const queue: AskEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: AskEvent) => {
    queue.push(event);
    wake?.();
  };
  let live: SettledText | undefined;
  let shown = '';
  let outcome: { result: AskResult } | { error: unknown } | undefined;
  const running = ask(
    {
      retrieved(passages) {
        live = liveAnswerText(passages);
        if (passages.length > 0) push({ type: 'status', stage: 'writing', text: writingStatus(passages.length) });
      },
      modelText(piece) {
        const text = live?.push(piece);
        if (!text) return;
        shown += text;
        push({ type: 'delta', text });
      },
    },
    controller.signal,
  ).then(
    (result) => {
      outcome = { result };
      wake?.();
    },
    (error: unknown) => {
      outcome = { error };
      wake?.();
    },
  );

  try {
    yield { type: 'status', stage: 'searching', text: SEARCHING_STATUS };
    for (;;) {
      const event = queue.shift();
      if (event) {
        yield event;
        continue;
      }
      if (outcome) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    await running;
    if (!outcome || 'error' in outcome) throw outcome?.error;
    const { result } = outcome;
    const revised = !result.answer.startsWith(shown);
    // The rest of the answer: the held-back tail of a streamed one, or all of an extractive one.
    if (!revised && result.answer.length > shown.length) {
      yield { type: 'delta', text: result.answer.slice(shown.length) };
    }
    yield { type: 'done', result, revised };
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!outcome) controller.abort(new Error('The reader of the answer stream went away.'));
  }
}
