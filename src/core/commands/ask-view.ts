import { coverageNotice } from '../not-covered.js';
import type { AskResult } from '../types.js';

/** The public shape of an answer: what `ask --json` prints, one object per line, and what POST /api/ask returns. */
export function askView(result: AskResult) {
  const notice = coverageNotice(result);
  return {
    answerId: result.answerId,
    question: result.question,
    answer: result.answer,
    abstained: result.abstained,
    coverage: result.coverage,
    ...(result.gap ? { gap: result.gap } : {}),
    ...(result.suggestion ? { suggestion: result.suggestion } : {}),
    /** What a reader is shown above an answer that is not fully answered. */
    ...(notice ? { coverageNotice: notice } : {}),
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
