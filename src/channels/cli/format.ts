import {
  citationLabel,
  coverageNotice,
  type ReindexResult,
  reindexProgressText,
  reindexSummary,
  suggestionLead,
} from '../../core/commands/index.js';
import type { AnswerEvalReport, AnswerScores, EvalReport } from '../../core/eval/types.js';
import type { AskResult, Citation, IndexRun } from '../../core/types.js';

/** `[n] Title › Section (knowledge/file.md)` lines under "Sources:". */
export function sourcesLines(citations: readonly Citation[]): string[] {
  if (citations.length === 0) return [];
  return ['', 'Sources:', ...citations.map((c) => `  [${c.n}] ${citationLabel(c)} (knowledge/${c.source})`)];
}

export function formatAnswer(result: AskResult): string {
  const lines: string[] = [];
  const coverage = coverageNotice(result);
  if (coverage) lines.push(`[${coverage}]`);
  for (const n of result.notices) lines.push(`Note: ${n}`);
  lines.push(result.answer);
  const s = result.suggestion;
  if (s) lines.push('', `${suggestionLead(s)} npm run cli -- ${s.command} ${cliArgs(s.args)}`);
  lines.push(...sourcesLines(result.citations));
  return lines.join('\n');
}

/** "Joint venture vs Licensing and IP sharing" as shell arguments: each name quoted. */
function cliArgs(args: string): string {
  return args
    .split(' vs ')
    .map((name) => `"${name.replace(/"/g, '')}"`)
    .join(' ');
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

function scoresLine(label: string, s: AnswerScores): string {
  return `  ${label.padEnd(20)} ${String(s.cases).padStart(3)} questions  nugget recall ${pct(s.nuggetRecall).padStart(6)}  coverage accuracy ${pct(s.coverageAccuracy).padStart(6)}  median ${s.medianWords} words (max ${s.maxWords})`;
}

export function formatAnswerEval(report: AnswerEvalReport): string {
  const lines = [
    `Answer eval: ${report.overall.cases} questions`,
    scoresLine('overall', report.overall),
    ...Object.entries(report.bySplit).map(([split, s]) => scoresLine(`split ${split}`, s)),
    '  by aspect:',
    ...Object.entries(report.byAspect)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([aspect, s]) => scoresLine(aspect, s)),
    `  latency p50 ${report.latencyMs.p50} ms  p95 ${report.latencyMs.p95} ms`,
  ];
  const misses = report.results.filter((r) => r.coverage !== r.expected || r.missed.length > 0);
  if (misses.length) {
    lines.push('  misses:');
    for (const m of misses) {
      const why = [
        m.coverage !== m.expected ? `coverage ${m.coverage}, expected ${m.expected}` : '',
        m.missed.length ? `missed ${m.missed.map((n) => `"${n}"`).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(`    ${m.id} (${m.split}): ${why} — ${m.question}`);
    }
  }
  return lines.join('\n');
}
