import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/core/retrieval/rrf.js';

describe('reciprocalRankFusion', () => {
  it('rewards items ranked well by both lists', () => {
    const fused = reciprocalRankFusion(
      [
        ['a', 'b', 'c'],
        ['b', 'c', 'd'],
      ],
      (x) => x,
    );
    expect(fused.map((f) => f.item)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('keeps items found by only one list', () => {
    expect(reciprocalRankFusion([['a'], []], (x) => x).map((f) => f.item)).toEqual(['a']);
  });
});
