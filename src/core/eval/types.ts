import type { AnswerCoverage } from '../types.js';

/** What an eval run reports (printed by the CLI). */
export interface EvalCaseResult {
  readonly id: string;
  readonly question: string;
  readonly kind: 'in_domain' | 'out_of_scope';
  readonly abstained: boolean;
  /** 1-based rank of the first retrieved passage containing an expected phrase; null when none did. */
  readonly hitRank: number | null;
  /** Whether a cited passage contains an expected phrase. */
  readonly citedHit: boolean;
  readonly latencyMs: number;
}

export interface EvalReport {
  readonly cases: number;
  readonly inDomain: number;
  readonly outOfScope: number;
  readonly recallAt1: number;
  readonly recallAt3: number;
  readonly recallAt5: number;
  readonly mrr: number;
  readonly citationHitRate: number;
  readonly abstentionPrecision: number;
  readonly abstentionRecall: number;
  readonly inDomainAbstained: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly results: readonly EvalCaseResult[];
}

export interface AnswerCaseResult {
  readonly id: string;
  readonly question: string;
  readonly aspect: string;
  readonly split: 'dev' | 'holdout';
  readonly expected: AnswerCoverage;
  readonly coverage: AnswerCoverage;
  readonly nuggets: number;
  readonly found: number;
  readonly missed: readonly string[];
  readonly words: number;
  readonly answer: string;
}

export interface AnswerScores {
  readonly cases: number;
  /** Share of nuggets found in the answer text (not in the cited passages), over cases with nuggets. */
  readonly nuggetRecall: number;
  readonly coverageAccuracy: number;
  readonly medianWords: number;
  readonly maxWords: number;
}

export interface AnswerEvalReport {
  readonly overall: AnswerScores;
  readonly bySplit: Readonly<Record<string, AnswerScores>>;
  readonly byAspect: Readonly<Record<string, AnswerScores>>;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly results: readonly AnswerCaseResult[];
}
