import { describe, expect, it } from 'vitest';
import { correctSpelling } from '../../src/core/text/spelling.js';

const vocabulary = new Set(['benefits', 'governance', 'cocreation', 'partnership', 'vetting', 'licensing']);
const unknown = () => false;

describe('correctSpelling', () => {
  it("puts typos of the advisor's vocabulary right", () => {
    expect(correctSpelling('benifits of cocreation', vocabulary, unknown)).toBe('benefits of cocreation');
    expect(correctSpelling('Goverance of a partnrship?', vocabulary, unknown)).toBe('governance of a partnership?');
  });

  it('leaves ordinary words, known words and words far from the vocabulary alone', () => {
    expect(correctSpelling('setting up a licence', vocabulary, unknown)).toBe('setting up a licence');
    expect(correctSpelling('termination terms', vocabulary, unknown)).toBe('termination terms');
    expect(correctSpelling('benifits', vocabulary, () => true)).toBe('benifits');
  });
});
