import { describe, expect, it } from 'vitest';
import { finalizeCitations } from '../../src/core/answer/citations.js';
import { liveAnswerText } from '../../src/core/answer/live-text.js';
import { stripCoverageLine } from '../../src/core/answer/llm-answer.js';
import { testPassage } from '../support/answers.js';

const passages = [testPassage(1), testPassage(2), testPassage(3)];

/** Feeds `pieces` and returns what was shown, piece by piece. */
function feed(pieces: readonly string[]): string[] {
  const live = liveAnswerText(passages);
  return pieces.map((p) => live.push(p));
}

/** A small deterministic generator, so that a failure names the seed that reproduces it. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const DRAFTS = [
  'Joint ventures create a new entity [2]. They share risk [1][9] , and control [3, 1].',
  '  [3] Licensing moves IP  without equity [7].\n\n- Royalties [1]\n- Field limits[2;3] !',
  'Alliances are flexible\n[2]. Governance needs a steering committee [1] ; escalation [4] [2].',
  'A **bold** claim [1]: with [brackets] and [1-2] ranges and a trailing marker [2',
  'Co-creation [0] pools assets [1,2]. Then [3]?',
];

describe('liveAnswerText', () => {
  it('shows, piece by piece, a prefix of the final answer, whatever the split', () => {
    for (const [d, draft] of DRAFTS.entries()) {
      const final = finalizeCitations(draft, passages).text;
      const next = random(d + 1);
      for (let trial = 0; trial < 200; trial++) {
        const pieces: string[] = [];
        for (let at = 0; at < draft.length; ) {
          const size = 1 + Math.floor(next() * 6);
          pieces.push(draft.slice(at, at + size));
          at += size;
        }
        const shown = feed(pieces).join('');
        expect(final.startsWith(shown), `draft ${d}, pieces ${JSON.stringify(pieces)}`).toBe(true);
        // Only a tail that later text could still change is held back.
        expect(final.length - shown.length, `draft ${d}`).toBeLessThanOrEqual(4);
      }
    }
  });

  it('renumbers a marker split over pieces and drops one that points at nothing', () => {
    expect(feed(['Shared risk ', '[', '2', '] and', ' control [', '9]', ' too.'])).toEqual([
      'Shared risk',
      '',
      '',
      ' [1] and',
      ' control',
      '',
      ' too.',
    ]);
  });

  it('never shows the leading COVERAGE line, however it is split, and shows what follows it', () => {
    const draft =
      "COVERAGE: partial\nThe chapters don't cover exit clauses. The closest guidance they give: align incentives [2].";
    const final = finalizeCitations(stripCoverageLine(draft), passages).text;
    const next = random(7);
    for (let trial = 0; trial < 200; trial++) {
      const pieces: string[] = [];
      for (let at = 0; at < draft.length; ) {
        const size = 1 + Math.floor(next() * 5);
        pieces.push(draft.slice(at, at + size));
        at += size;
      }
      const shown = feed(pieces);
      expect(shown.join('')).not.toMatch(/COVERAGE|partial\n|^C/);
      expect(final.startsWith(shown.join(''))).toBe(true);
      expect(final.length - shown.join('').length).toBeLessThanOrEqual(4);
    }
    expect(feed(['COVERAGE: not_covered', '\n', 'NOT_COVERED']).join('')).toBe('');
    expect(feed(['Co-creation pools assets [1].']).join('')).toBe('Co-creation pools assets [1].');
  });

  it("never shows the model's NOT_COVERED reply", () => {
    expect(feed(['NOT', '_COV', 'ERED', '.']).join('')).toBe('');
    expect(feed(['N', 'ew entities [1].']).join('')).toBe('New entities [1].');
  });
});
