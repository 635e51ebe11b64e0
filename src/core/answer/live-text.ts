import type { Passage } from '../retrieval/retriever.js';
import { finalizeCitations } from './citations.js';
import { NOT_COVERED } from './llm-answer.js';

/**
 * A model's answer as it streams, made presentable piece by piece: citation markers renumbered and
 * checked exactly as `finalizeCitations` does for the whole answer, so the pieces put together are
 * the final answer. Text that a later piece could still change is held back: an unclosed `[` (it may
 * become a marker), trailing whitespace (a marker or punctuation may swallow it) and a beginning that
 * may turn out to be the model's NOT_COVERED reply.
 */
export class LiveAnswerText {
  private raw = '';
  private shown = '';

  constructor(private readonly passages: readonly Passage[]) {}

  /** Adds a piece of the model's text; returns the text that may be shown now ('' when nothing new). */
  push(piece: string): string {
    this.raw += piece;
    const start = this.raw.trimStart();
    if (this.raw.includes(NOT_COVERED) || NOT_COVERED.startsWith(start)) return '';
    const settled = this.raw.slice(0, settledLength(this.raw));
    const text = finalizeCitations(settled, this.passages).text;
    // A prefix that does not extend what was shown means the text changed shape: wait for the final answer.
    if (!text.startsWith(this.shown)) return '';
    const delta = text.slice(this.shown.length);
    this.shown = text;
    return delta;
  }
}

/** How much of the raw text no later piece can change once it is made presentable. */
function settledLength(raw: string): number {
  const open = /\[[\d\s,;]*$/.exec(raw);
  let end = open ? open.index : raw.length;
  while (end > 0 && /\s/.test(raw.charAt(end - 1))) end--;
  return end;
}
