import type { Advisor } from '../advisor.js';
import { type EvalCase, normalizeForMatch } from './eval-set.js';
import type { EvalCaseResult, EvalReport } from './types.js';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

/** Runs every case through the full ask path (retrieval and answer) and scores it. */
export async function runEval(advisor: Advisor, cases: readonly EvalCase[], k = 5): Promise<EvalReport> {
  const results: EvalCaseResult[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const { result, retrieval } = await advisor.askDetailed(c.question, { k, channel: 'cli' });
    const latencyMs = performance.now() - t0;
    if ('abstain' in c) {
      results.push({
        id: c.id,
        question: c.question,
        kind: 'out_of_scope',
        abstained: result.abstained,
        hitRank: null,
        citedHit: false,
        latencyMs,
      });
      continue;
    }
    const phrases = c.expect.map(normalizeForMatch);
    const hits = (text: string) => {
      const t = normalizeForMatch(text);
      return phrases.some((p) => t.includes(p));
    };
    // The answer may draw on more passages (evidence for the asked aspect); retrieval is scored on the first k.
    const index = retrieval.passages.slice(0, k).findIndex((p) => hits(p.text));
    results.push({
      id: c.id,
      question: c.question,
      kind: 'in_domain',
      abstained: result.abstained,
      hitRank: index === -1 ? null : index + 1,
      citedHit: result.citations.some((ci) => hits(ci.text)),
      latencyMs,
    });
  }
  const inDomain = results.filter((r) => r.kind === 'in_domain');
  const oos = results.filter((r) => r.kind === 'out_of_scope');
  const recall = (n: number) =>
    ratio(inDomain.filter((r) => r.hitRank !== null && r.hitRank <= n).length, inDomain.length);
  const abstainedAll = results.filter((r) => r.abstained);
  const latencies = results.map((r) => r.latencyMs);
  return {
    cases: results.length,
    inDomain: inDomain.length,
    outOfScope: oos.length,
    recallAt1: recall(1),
    recallAt3: recall(3),
    recallAt5: recall(5),
    mrr: ratio(
      inDomain.reduce((s, r) => s + (r.hitRank ? 1 / r.hitRank : 0), 0),
      inDomain.length,
    ),
    citationHitRate: ratio(inDomain.filter((r) => r.citedHit).length, inDomain.length),
    abstentionPrecision: ratio(abstainedAll.filter((r) => r.kind === 'out_of_scope').length, abstainedAll.length),
    abstentionRecall: ratio(oos.filter((r) => r.abstained).length, oos.length),
    inDomainAbstained: inDomain.filter((r) => r.abstained).length,
    latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) },
    results,
  };
}

/** Milliseconds to one decimal. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
