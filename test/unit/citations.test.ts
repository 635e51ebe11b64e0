import { describe, expect, it } from 'vitest';
import { finalizeCitations } from '../../src/core/answer/citations.js';
import { testPassage } from '../support/answers.js';

const passage = testPassage;

describe('finalizeCitations', () => {
  const passages = [passage(1), passage(2), passage(3)];

  it('renumbers markers in order of first use and keeps only cited passages', () => {
    const out = finalizeCitations('Second first [2]. Then third [3]. Again [2].', passages);
    expect(out.text).toBe('Second first [1]. Then third [2]. Again [1].');
    expect(out.citations.map((c) => c.chunkId)).toEqual([2, 3]);
    expect(out.citations.map((c) => c.n)).toEqual([1, 2]);
  });

  it('removes markers that point at nothing', () => {
    const out = finalizeCitations('Made up [7]. Real [1]. Zero [0].', passages);
    expect(out.text).toBe('Made up. Real [1]. Zero.');
    expect(out.citations).toHaveLength(1);
  });

  it('splits grouped markers', () => {
    expect(finalizeCitations('Both [3, 1].', passages).text).toBe('Both [1][2].');
  });

  it('returns no citations when nothing is cited', () => {
    expect(finalizeCitations('No sources here.', passages).citations).toEqual([]);
  });

  it('cites a section once: two passages of one section share one number and one source label', () => {
    const sameSection = { ...passage(4), source: 'doc-1.md', section: 'Section 1', text: 'text 1, continued' };
    const out = finalizeCitations('First part [1]. Second part [4]. Other [2].', [...passages, sameSection]);
    expect(out.text).toBe('First part [1]. Second part [1]. Other [2].');
    expect(out.citations.map((c) => `${c.title} › ${c.section}`)).toEqual(['Doc 1 › Section 1', 'Doc 2 › Section 2']);
    expect(out.citations[0]?.text).toBe('text 1\n\ntext 1, continued');
  });
});
