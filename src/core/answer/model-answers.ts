/**
 * Answers built from the comparison and recommendation engines when a plain question asks for a
 * contrast ("difference between A and B") or a decision in a situation. Quoted, cited sentences only;
 * the full table is a command away (each channel says how).
 */
import type { ComparisonDimensionId, ComparisonResult, RecommendResult } from '../models/types.js';
import { firstSentences } from '../text/sentences.js';
import type { Citation } from '../types.js';

export interface BuiltAnswer {
  readonly text: string;
  readonly citations: readonly Citation[];
}

function firstSentence(text: string): string {
  const [head = text, next] = text.split('\n');
  // A list lead-in ("Co-creation enables organizations to:") says something only with its first item.
  if (/:\s*$/.test(head) && next && /^-\s+/.test(next)) return `${head.trim()} ${next.replace(/^-\s+/, '').trim()}`;
  const line = head.replace(/^-\s+/, '').trim();
  return firstSentences(line, 1).trim();
}

/** Keeps the citations the text uses, renumbered 1..m in order of first use. */
export function renumber(text: string, citations: readonly Citation[]): BuiltAnswer {
  const order = new Map<number, number>();
  const rewritten = text.replace(/\[(\d+)\]/g, (match, n: string) => {
    const original = Number(n);
    if (!citations[original - 1]) return match;
    if (!order.has(original)) order.set(original, order.size + 1);
    return `[${order.get(original)}]`;
  });
  const used = [...order.entries()].map(([original, n]) => ({ ...(citations[original - 1] as Citation), n }));
  return { text: rewritten, citations: used };
}

/** Rows that best tell two models apart, in order of preference. */
const CONTRAST: readonly ComparisonDimensionId[] = ['benefits', 'governance', 'ip_and_data', 'risks', 'ai_uses'];

/** 2-4 cited sentences: what each model is, then (for two) the first dimension both are covered on. */
export function comparisonAnswer(result: ComparisonResult): BuiltAnswer {
  const sentences: string[] = [];
  const row = (id: ComparisonDimensionId) => result.rows.find((r) => r.dimension.id === id);
  const definition = row('definition');
  result.models.forEach((_model, i) => {
    const cell = definition?.cells[i];
    if (cell?.covered && cell.citations[0]) sentences.push(`${firstSentence(cell.text)} [${cell.citations[0]}]`);
  });
  if (result.models.length === 2) {
    for (const id of CONTRAST) {
      const cells = row(id)?.cells ?? [];
      if (cells.length === 2 && cells.every((c) => c.covered && c.citations[0])) {
        for (const c of cells) sentences.push(`${firstSentence(c.text)} [${c.citations[0]}]`);
        break;
      }
    }
  }
  return renumber(sentences.slice(0, 4).join(' '), result.citations);
}

/** The best 1-3 models with their cited reasons, then what would sharpen the advice. */
export function recommendationAnswer(result: RecommendResult): BuiltAnswer {
  const [best, ...others] = result.recommendations;
  if (!best) return { text: '', citations: [] };
  const lines: string[] = [];
  const reason = (r: RecommendResult['recommendations'][number], n: number) =>
    r.reasons
      .slice(0, n)
      .map((x) => `${x.text.replace(/\s*$/, '')} ${x.citations.map((c) => `[${c}]`).join('')}`)
      .join(' ');
  lines.push(`Best fit: ${best.model.name}. ${reason(best, 2)}`);
  for (const other of others.slice(0, 2)) lines.push(`Also worth weighing: ${other.model.name}. ${reason(other, 1)}`);
  // Never much over 200 words: the last models weighed go first.
  const words = (l: readonly string[]) => l.join(' ').split(/\s+/).length;
  while (lines.length > 1 && words(lines) > 170) lines.pop();
  const sharpen = result.clarifyingQuestions.slice(0, 2);
  if (sharpen.length) lines.push(`To sharpen this advice: ${sharpen.join(' ')}`);
  return renumber(lines.join('\n'), result.citations);
}
