import { citationLabel, type ReindexResult, reindexProgressText, reindexSummary } from '../../core/commands/index.js';
import type { EvalReport } from '../../core/eval/types.js';
import type { AskResult, Citation, IndexRun } from '../../core/types.js';

/** `[n] Title › Section (knowledge/file.md)` lines under "Sources:". */
export function sourcesLines(citations: readonly Citation[]): string[] {
  if (citations.length === 0) return [];
  return ['', 'Sources:', ...citations.map((c) => `  [${c.n}] ${citationLabel(c)} (knowledge/${c.source})`)];
}

export function formatAnswer(result: AskResult): string {
  const lines: string[] = [];
  for (const n of result.notices) lines.push(`Note: ${n}`);
  lines.push(result.answer, ...sourcesLines(result.citations));
  return lines.join('\n');
}

export function formatReindex(result: ReindexResult): string {
  const lines = [`${reindexSummary(result)} Run #${result.runId}, embeddings ${result.embeddingModel}.`];
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

export function formatRuns(runs: readonly IndexRun[]): string {
  if (runs.length === 0) return 'No index runs yet.';
  return runs
    .map((r) => {
      const counts = r.counts
        ? `+${r.counts.added} ~${r.counts.updated} -${r.counts.removed} =${r.counts.unchanged}`
        : r.progress
          ? reindexProgressText(r.progress)
          : (r.error ?? '');
      return `#${r.id} ${r.startedAt.toISOString()} ${r.status.padEnd(9)} ${r.trigger.padEnd(7)} by ${r.actor} ${r.durationMs ?? '-'} ms ${counts}`;
    })
    .join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatEval(report: EvalReport): string {
  const lines = [
    `Eval: ${report.cases} questions (${report.inDomain} in-domain, ${report.outOfScope} out-of-scope)`,
    `  recall@1 ${pct(report.recallAt1)}  recall@3 ${pct(report.recallAt3)}  recall@5 ${pct(report.recallAt5)}  MRR ${report.mrr.toFixed(3)}`,
    `  answers citing an expected passage ${pct(report.citationHitRate)}`,
    `  abstention precision ${pct(report.abstentionPrecision)}  recall ${pct(report.abstentionRecall)}  in-domain abstained ${report.inDomainAbstained}`,
    `  latency p50 ${report.latencyMs.p50} ms  p95 ${report.latencyMs.p95} ms`,
  ];
  const misses = report.results.filter(
    (r) =>
      (r.kind === 'in_domain' && (r.hitRank === null || r.abstained)) || (r.kind === 'out_of_scope' && !r.abstained),
  );
  if (misses.length) {
    lines.push('  misses:');
    for (const m of misses) {
      const why =
        m.kind === 'out_of_scope'
          ? 'answered, expected abstention'
          : m.abstained
            ? 'abstained'
            : 'no expected passage in top 5';
      lines.push(`    ${m.id}: ${why} — ${m.question}`);
    }
  }
  return lines.join('\n');
}
