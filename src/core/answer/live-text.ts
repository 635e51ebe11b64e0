import type { Passage } from '../retrieval/retriever.js';
import { SettledText } from '../stream/settled-text.js';
import { finalizeCitations } from './citations.js';
import { NOT_COVERED } from './llm-answer.js';

/**
 * A model's answer as it streams, made presentable piece by piece: citation markers renumbered and
 * checked exactly as `finalizeCitations` does for the whole answer, so that the pieces put together
 * are the final answer. Held back until later text decides it: an unclosed `[` (it may become a
 * marker), trailing whitespace (a marker or punctuation may swallow it), and a beginning that may
 * turn out to be the model's NOT_COVERED reply.
 */
export function liveAnswerText(passages: readonly Passage[]): SettledText {
  return new SettledText((text) => finalizeCitations(text, passages).text, settledLength);
}

function settledLength(raw: string): number {
  if (raw.includes(NOT_COVERED) || NOT_COVERED.startsWith(raw.trimStart())) return 0;
  const open = /\[[\d\s,;]*$/.exec(raw);
  let end = open ? open.index : raw.length;
  while (end > 0 && /\s/.test(raw.charAt(end - 1))) end--;
  return end;
}
