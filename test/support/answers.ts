/** Answer fixtures for tests of answer text and of channels that stream it. */
import type { Passage } from '../../src/core/retrieval/retriever.js';
import type { AskEvent } from '../../src/core/stream/ask-stream.js';
import type { AskResult } from '../../src/core/types.js';

export const testPassage = (id: number): Passage => ({
  id,
  source: `doc-${id}.md`,
  title: `Doc ${id}`,
  section: `Section ${id}`,
  text: `text ${id}`,
  ordinal: 0,
  hash: `h${id}`,
  score: 1 / id,
  similarity: 0.5,
  coverage: 0.5,
});

/** An ask result for `answer`, citing two passages of a joint-venture chapter. */
export function askResult(answer: string, notices: string[] = []): AskResult {
  return {
    answerId: 'answer-1',
    question: 'What is a joint venture?',
    answer,
    abstained: false,
    coverage: 'answered',
    citations: [1, 2].map((n) => ({
      n,
      chunkId: n,
      source: 'jv.md',
      title: 'Joint ventures',
      section: `Part ${n}`,
      score: 1,
      text: `The passage number ${n} about joint ventures and how they are governed.`,
    })),
    notices,
    searchQuery: 'joint venture',
    timings_ms: { retrieve: 1, generate: 1, total: 2 },
  };
}

/** The words of a text as a model streams them: each with the whitespace before it. */
export const words = (text: string): string[] => text.match(/\s*\S+/g) ?? [];

/**
 * The events of a streamed ask: two statuses, the answer word by word `everyMs` apart, then the
 * result (`final`, by default `askResult(answer)`); with `failAfter` it throws after that many words.
 */
export async function* answerEvents(
  answer: string,
  options: { everyMs?: number; final?: AskResult; revised?: boolean; failAfter?: number } = {},
): AsyncGenerator<AskEvent> {
  yield { type: 'status', stage: 'searching', text: 'Searching the partnership chapters…' };
  yield { type: 'status', stage: 'writing', text: 'Found 2 relevant passages; writing the answer…' };
  for (const [i, word] of words(answer).entries()) {
    if (options.failAfter === i) throw new Error('database gone');
    await new Promise((r) => setTimeout(r, options.everyMs ?? 10));
    yield { type: 'delta', text: word };
  }
  yield { type: 'done', result: options.final ?? askResult(answer), revised: options.revised ?? false };
}
