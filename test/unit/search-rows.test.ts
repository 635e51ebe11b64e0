import { describe, expect, it } from 'vitest';
import { SearchRows } from '../../src/adapters/store/memory-search/search-rows.js';
import { LexemeIds } from '../../src/adapters/store/memory-search/tsvector.js';
import type { StoredChunk } from '../../src/core/types.js';

/** pgvector's binary form (vector_send) in base64, as the store reads it. */
function vectorSend(values: readonly number[]): string {
  const bytes = Buffer.alloc(4 + 4 * values.length);
  bytes.writeInt16BE(values.length, 0);
  for (const [j, v] of values.entries()) bytes.writeFloatBE(v, 4 + 4 * j);
  return bytes.toString('base64');
}

function chunk(id: number): StoredChunk {
  return { id, source: 'a.md', title: 'A', section: 'S', text: `chunk ${id}`, ordinal: id, hash: `h${id}` };
}

function rows(ids: LexemeIds, entries: ReadonlyArray<[number, number[], string]>): SearchRows {
  const reader = SearchRows.reader(entries.length, ids);
  for (const [id, vector, tsvector] of entries) reader.add(id, vectorSend(vector), tsvector);
  return reader.done();
}

describe('search rows', () => {
  it('decodes vectors and keeps each row with its chunk, in the chunks order', () => {
    const ids = new LexemeIds();
    const read = rows(ids, [
      [2, [0, 3, 4], "'joint':1A 'ventur':2A,5"],
      [1, [1, 0, 0], "'licens':1"],
    ]);
    const gathered = SearchRows.gather([chunk(1), chunk(2)], [read]);
    expect(gathered?.dims).toBe(3);
    expect([...(gathered?.vectors ?? [])]).toEqual([1, 0, 0, 0, 3, 4]);
    expect([...(gathered?.norms ?? [])]).toEqual([1, 5]);
    expect(gathered?.positions.get(2)).toBe(1);
    // Row 1 (chunk 2) holds two lexemes: joint (A: 1) and ventur (A + D: 1.1).
    expect(gathered?.lexemeStart[2]).toBe(3);
    expect(gathered?.weights[2]).toBeCloseTo(1.1, 6);
  });

  it('takes rows from the copy held and the rows read, and ignores held rows of an older embedding size', () => {
    const ids = new LexemeIds();
    const held = rows(ids, [[1, [1, 0, 0], "'licens':1"]]);
    const read = rows(ids, [
      [3, [1, 0, 0, 0], "'allianc':1"],
      [4, [0, 1, 0, 0], "'allianc':2"],
    ]);
    // A new embedding model: every chunk is a new row of 4 dimensions; the held 3-dimension row is not used.
    expect(SearchRows.gather([chunk(3), chunk(4)], [held, read])?.dims).toBe(4);
    // A chunk held by nobody: no copy (the database searches).
    expect(SearchRows.gather([chunk(3), chunk(5)], [held, read])).toBeNull();
    // Rows of two sizes in one index: no copy.
    expect(SearchRows.gather([chunk(1), chunk(3)], [held, read])).toBeNull();
  });
});
