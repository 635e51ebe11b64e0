import { describe, expect, it } from 'vitest';
import { reindexProgressText } from '../../src/core/commands/index.js';
import { PROGRESS_UPDATE_MS, progressUpdates } from '../../src/core/commands/reindex.js';
import type { Reply } from '../../src/core/commands/reply.js';

describe('reindex progress updates for chat messages', () => {
  it('sends the first as soon as the chunks are counted, then at most one every few seconds, never two at once', async () => {
    let clock = 0;
    const sent: Reply[] = [];
    let finishSend: () => void = () => {};
    const update = progressUpdates(
      (reply) => {
        sent.push(reply);
        return new Promise<void>((resolve) => {
          finishSend = resolve;
        });
      },
      { now: () => clock },
    );
    update({ phase: 'reading', done: 0, total: 0 });
    update({ phase: 'embedding', done: 0, total: 0 });
    expect(sent).toEqual([]);
    update({ phase: 'embedding', done: 0, total: 3600 });
    expect(sent).toEqual([{ kind: 'reindexProgress', done: 0, total: 3600 }]);
    clock += PROGRESS_UPDATE_MS;
    update({ phase: 'embedding', done: 96, total: 3600 });
    expect(sent).toHaveLength(1); // the first is still being sent
    finishSend();
    await new Promise((resolve) => setImmediate(resolve));
    clock += 100;
    update({ phase: 'embedding', done: 192, total: 3600 });
    expect(sent.at(-1)).toEqual({ kind: 'reindexProgress', done: 192, total: 3600 });
    finishSend();
    await new Promise((resolve) => setImmediate(resolve));
    clock += PROGRESS_UPDATE_MS - 1;
    update({ phase: 'embedding', done: 288, total: 3600 });
    expect(sent).toHaveLength(2);
    clock += 1;
    update({ phase: 'embedding', done: 384, total: 3600 });
    expect(sent.at(-1)).toEqual({ kind: 'reindexProgress', done: 384, total: 3600 });
  });

  it('a failed update does not fail the reindex, and the text is the same on every channel', async () => {
    const update = progressUpdates(() => Promise.reject(new Error('chat.update refused')));
    expect(() => update({ phase: 'embedding', done: 0, total: 10 })).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reindexProgressText({ done: 1200, total: 3644 })).toBe('Reindexing… 1,200 of 3,644 chunks');
  });
});
