/**
 * The one place for what the advisor says about coverage: "the knowledge base says nothing on this",
 * what a partial answer is missing, and the notice every channel shows above such answers.
 */
import type { AnswerCoverage } from './types.js';

export const NOT_COVERED_MESSAGE =
  "The partnership knowledge base doesn't cover this. I can help with choosing, structuring and governing AI partnerships: for example joint ventures, licensing and IP sharing, co-creation, strategic alliances or M&A.";

export const NOT_COVERED_CELL = 'Not covered in the knowledge base.';

/** "The chapters don't cover exit clauses." */
export function gapSentence(gap: string): string {
  return `The chapters don't cover ${gap}.`;
}

/** Introduces what a partial answer gives instead. */
export const CLOSEST_GUIDANCE = 'The closest guidance they give:';

/** An in-domain question the chapters do not answer: what is missing, then what the advisor can help with. */
export function notCoveredMessage(gap: string | undefined): string {
  if (!gap) return NOT_COVERED_MESSAGE;
  return `${gapSentence(gap)} I can help with choosing, structuring and governing AI partnerships: for example joint ventures, licensing and IP sharing, co-creation, strategic alliances or M&A.`;
}

/** A comparison that names a model the catalog does not know. */
export function unknownModelMessage(name: string, suggestions: readonly string[]): string {
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  return `"${name}" is not a partnership model the chapters describe.${hint}`;
}

/** The visible notice a channel puts above an answer that is not fully answered (null for `answered`). */
export function coverageNotice(result: { coverage: AnswerCoverage; gap?: string | undefined }): string | null {
  switch (result.coverage) {
    case 'answered':
      return null;
    case 'partial':
      return result.gap
        ? `Partly covered: the chapters don't cover ${result.gap}.`
        : 'Partly covered: the chapters answer only part of this question.';
    case 'not_covered':
      return result.gap ? `Not covered: the chapters don't cover ${result.gap}.` : 'Not covered by the chapters.';
  }
}

/** What a suggestion offers, for channels to put before their own way of running it. */
export function suggestionLead(suggestion: { reason: 'full' | 'did-you-mean' }): string {
  return suggestion.reason === 'full' ? 'Full comparison table:' : 'Did you mean:';
}
