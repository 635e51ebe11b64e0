import { describe, expect, it } from 'vitest';
import { keepCitedSentences, readCoverageLine } from '../../src/core/answer/llm-answer.js';

describe('the model answer', () => {
  it('reads and strips the leading coverage line', () => {
    expect(readCoverageLine('COVERAGE: partial\nThe chapters do not cover X [1].')).toEqual({
      coverage: 'partial',
      text: 'The chapters do not cover X [1].',
    });
    expect(readCoverageLine('  coverage: Answered\nA [1].').coverage).toBe('answered');
    expect(readCoverageLine('Joint ventures [1].')).toEqual({ coverage: null, text: 'Joint ventures [1].' });
    // Only a leading line counts: the words inside an answer are left alone.
    expect(readCoverageLine('A [1].\nCOVERAGE: answered').coverage).toBeNull();
  });

  it('drops sentences without a citation and keeps a lead-in whose items are cited', () => {
    const text = [
      'Joint ventures create a new entity [1]. They are always a good idea. Risk is shared [2].',
      'Some practices include:',
      '- Define objectives [1]',
      '- Be nice',
      'An uncited closing remark.',
    ].join('\n');
    expect(keepCitedSentences(text)).toBe(
      [
        'Joint ventures create a new entity [1]. Risk is shared [2].',
        'Some practices include:',
        '- Define objectives [1]',
      ].join('\n'),
    );
  });

  it('keeps the opening of a partial answer with its cited guidance', () => {
    const text = "The chapters don't cover exit clauses. The closest guidance they give: align incentives [2].";
    expect(keepCitedSentences(text)).toBe(text);
  });

  it('leaves nothing when nothing is cited (the caller then quotes the passages)', () => {
    expect(keepCitedSentences('Nothing here is grounded. Nor here.')).toBe('');
  });
});
