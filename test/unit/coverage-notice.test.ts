import { describe, expect, it } from 'vitest';
import { coverageNotice, gapSentence } from '../../src/core/not-covered.js';

describe('the coverage notice above an answer', () => {
  it('is only the label when the answer already says what is missing', () => {
    const answer = `${gapSentence('exit clauses')} The closest guidance they give: plan the end early [1].`;
    expect(coverageNotice({ coverage: 'partial', gap: 'exit clauses', answer })).toBe(
      'Partly covered by the chapters.',
    );
    expect(coverageNotice({ coverage: 'not_covered', gap: 'exit clauses', answer })).toBe(
      'Not covered by the chapters.',
    );
  });

  it('names what is missing when the answer does not (a model wrote it)', () => {
    const answer = 'Plan the exit early and agree on valuation [1].';
    expect(coverageNotice({ coverage: 'partial', gap: 'exit clauses', answer })).toBe(
      "Partly covered: the chapters don't cover exit clauses.",
    );
    expect(coverageNotice({ coverage: 'answered', answer })).toBeNull();
  });
});
