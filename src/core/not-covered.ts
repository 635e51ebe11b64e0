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

/**
 * The visible notice a channel puts above an answer that is not fully answered (null for `answered`).
 * When the answer already opens by saying what the chapters do not cover, the notice is only the
 * label, so the reader does not read the same sentence twice.
 */
export function coverageNotice(result: {
  coverage: AnswerCoverage;
  gap?: string | undefined;
  answer?: string | undefined;
}): string | null {
  if (result.coverage === 'answered') return null;
  const partial = result.coverage === 'partial';
  const said = result.gap && result.answer?.toLowerCase().includes(gapSentence(result.gap).toLowerCase());
  if (!result.gap || said) return partial ? 'Partly covered by the chapters.' : 'Not covered by the chapters.';
  return `${partial ? 'Partly covered' : 'Not covered'}: the chapters don't cover ${result.gap}.`;
}

/** What a suggestion offers, for channels to put before their own way of running it. */
export function suggestionLead(suggestion: { reason: 'full' | 'did-you-mean' }): string {
  return suggestion.reason === 'full' ? 'Full comparison table:' : 'Did you mean:';
}
