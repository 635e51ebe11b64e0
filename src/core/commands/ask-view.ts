import type { AskResult } from '../types.js';

/** The public shape of an answer: what `ask --json` prints, one object per line, and what POST /api/ask returns. */
export function askView(result: AskResult) {
  return {
    answerId: result.answerId,
    question: result.question,
    answer: result.answer,
    abstained: result.abstained,
    coverage: result.coverage,
    ...(result.gap ? { gap: result.gap } : {}),
    ...(result.suggestion ? { suggestion: result.suggestion } : {}),
    citations: result.citations.map((c) => ({
      n: c.n,
      source: c.source,
      title: c.title,
      section: c.section,
      score: c.score,
      text: c.text,
      ...(c.url ? { url: c.url } : {}),
    })),
    notices: result.notices,
    timings_ms: result.timings_ms,
  };
}
