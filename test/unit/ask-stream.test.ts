import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/core/retrieval/retriever.js';
import { type AskEvent, type ProgressiveAsk, streamAsk } from '../../src/core/stream/ask-stream.js';
import type { AskResult } from '../../src/core/types.js';

const passage: Passage = {
  id: 1,
  source: 'jv.md',
  title: 'Joint ventures',
  section: 'Risks',
  text: 'Joint ventures share risk.',
  ordinal: 0,
  hash: 'h1',
  score: 1,
  similarity: 1,
  coverage: 1,
};

const result = (answer: string): AskResult => ({
  answerId: 'a1',
  question: 'q',
  answer,
  abstained: false,
  coverage: 'answered',
  citations: [],
  notices: [],
  searchQuery: 'q',
  timings_ms: { retrieve: 0, generate: 0, total: 0 },
});

async function collect(events: AsyncIterable<AskEvent>): Promise<AskEvent[]> {
  const seen: AskEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('streamAsk', () => {
  it('marks the result revised when the final answer does not continue what was shown', async () => {
    const ask: ProgressiveAsk = async (progress) => {
      progress.retrieved([passage]);
      progress.modelText('Something the model said ');
      progress.modelText('without sources.');
      return result('Joint ventures share risk [1].');
    };
    const events = await collect(streamAsk(ask));
    expect(events.map((e) => e.type)).toEqual(['status', 'status', 'delta', 'delta', 'done']);
    expect(events.at(-1)).toMatchObject({ type: 'done', revised: true });
  });

  it('hands the rest of the answer over as a last delta', async () => {
    const ask: ProgressiveAsk = async (progress) => {
      progress.retrieved([passage]);
      progress.modelText('Joint ventures share risk [');
      return result('Joint ventures share risk [1].');
    };
    const events = await collect(streamAsk(ask));
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''))).toEqual([
      'Joint ventures share risk',
      ' [1].',
    ]);
    expect(events.at(-1)).toMatchObject({ revised: false });
  });

  it('passes an outside abort on to the ask, and its failure to the reader', async () => {
    const outside = new AbortController();
    let seen: AbortSignal | undefined;
    const ask: ProgressiveAsk = (_progress, signal) => {
      seen = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const events = streamAsk(ask, outside.signal);
    expect((await events.next()).value).toMatchObject({ type: 'status', stage: 'searching' });
    outside.abort(new Error('server shutting down'));
    await expect(events.next()).rejects.toThrow('server shutting down');
    expect(seen?.aborted).toBe(true);
  });
});
