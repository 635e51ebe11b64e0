import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { normalizeQuestion } from '../../src/core/question.js';

describe('normalizeQuestion', () => {
  it('strips control and zero-width characters and squeezes spaces', () => {
    expect(normalizeQuestion('  what\u0000 is\u200b a   JV?\u0007 ', 4000)).toBe('what is a JV?');
  });

  it('rejects an empty question with an example of a good one', () => {
    expect(() => normalizeQuestion('   \n ', 4000)).toThrow(/empty.*joint venture/);
    expect(() => normalizeQuestion(42, 4000)).toThrow(AppError);
  });

  it('refuses an oversized question and says the limit', () => {
    try {
      normalizeQuestion('x'.repeat(20_000), 4000);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('bad_input');
      expect((e as AppError).message).toMatch(/20,000 characters.*limit is 4,000/);
    }
  });

  it('keeps mixed scripts and emoji', () => {
    expect(normalizeQuestion('合弁事業 joint venture 🤝', 4000)).toBe('合弁事業 joint venture 🤝');
  });
});
