import type { Passage } from '../retrieval/retriever.js';
import { SettledText } from '../stream/settled-text.js';
import { finalizeCitations } from './citations.js';
import { COVERAGE_PREFIX, NOT_COVERED, stripCoverageLine } from './llm-answer.js';

/**
 * A model's answer as it streams, made presentable piece by piece: citation markers renumbered and
 * checked exactly as `finalizeCitations` does for the whole answer, so that the pieces put together
 * are the final answer. Held back until later text decides it: the leading `COVERAGE:` line (never
 * shown) until its newline, an unclosed `[` (it may become a marker), trailing whitespace (a marker
 * or punctuation may swallow it), and a beginning that may turn out to be the model's NOT_COVERED reply.
 */
export function liveAnswerText(passages: readonly Passage[]): SettledText {
  return new SettledText((text) => finalizeCitations(stripCoverageLine(text), passages).text, settledLength);
}

function settledLength(raw: string): number {
  const start = raw.trimStart();
  // The coverage line is resolved only at its newline; until then nothing may be shown.
  if (COVERAGE_PREFIX.startsWith(start.slice(0, COVERAGE_PREFIX.length).toUpperCase()) && !start.includes('\n')) {
    return 0;
  }
  const body = stripCoverageLine(raw);
  if (raw.includes(NOT_COVERED) || NOT_COVERED.startsWith(body.trimStart())) return 0;
  const open = /\[[\d\s,;]*$/.exec(raw);
  let end = open ? open.index : raw.length;
  while (end > 0 && /\s/.test(raw.charAt(end - 1))) end--;
  return end;
}
