import type { Advisor } from '../advisor.js';
import type { AnswerCase } from './answer-set.js';
import { normalizeForMatch } from './eval-set.js';
import { percentile, ratio, round } from './run-eval.js';
import type { AnswerCaseResult, AnswerEvalReport, AnswerScores } from './types.js';

export type { AnswerCaseResult, AnswerEvalReport, AnswerScores } from './types.js';

/** Words of the answer as read: markers and list dashes do not count. */
export function answerWords(text: string): number {
  return text
    .replace(/\[\d+\]/g, ' ')
    .replace(/^\s*-\s+/gm, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
}

export function scoreAnswers(results: readonly AnswerCaseResult[]): AnswerScores {
  const withNuggets = results.filter((r) => r.nuggets > 0);
  const words = results.filter((r) => r.coverage !== 'not_covered').map((r) => r.words);
  return {
    cases: results.length,
    nuggetRecall: ratio(
      withNuggets.reduce((s, r) => s + r.found, 0),
      withNuggets.reduce((s, r) => s + r.nuggets, 0),
    ),
    coverageAccuracy: ratio(results.filter((r) => r.coverage === r.expected).length, results.length),
    medianWords: percentile(words, 50),
    maxWords: Math.max(0, ...words),
  };
}

function groupBy(results: readonly AnswerCaseResult[], key: (r: AnswerCaseResult) => string) {
  const groups = new Map<string, AnswerCaseResult[]>();
  for (const r of results) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return Object.fromEntries([...groups.entries()].map(([k, rs]) => [k, scoreAnswers(rs)]));
}

/** Asks every question (with its history) through the full ask path and scores the answers. */
export async function runAnswerEval(advisor: Advisor, cases: readonly AnswerCase[]): Promise<AnswerEvalReport> {
  const results: AnswerCaseResult[] = [];
  const latencies: number[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const { result } = await advisor.askDetailed(c.question, { history: c.history, channel: 'cli' });
    latencies.push(performance.now() - t0);
    const text = normalizeForMatch(result.answer.replace(/\s*\[\d+\]/g, ''));
    const missed = c.nuggets.filter((n) => !text.includes(normalizeForMatch(n)));
    results.push({
      id: c.id,
      question: c.question,
      aspect: c.aspect,
      split: c.split,
      expected: c.coverage,
      coverage: result.coverage,
      nuggets: c.nuggets.length,
      found: c.nuggets.length - missed.length,
      missed,
      words: answerWords(result.answer),
      answer: result.answer,
    });
  }
  return {
    overall: scoreAnswers(results),
    bySplit: groupBy(results, (r) => r.split),
    byAspect: groupBy(results, (r) => r.aspect),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
    },
    results,
  };
}
