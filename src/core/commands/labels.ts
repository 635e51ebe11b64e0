/** Text every channel shows the same way: citation labels, [n] markers, the reindex summary. */
import type { Citation } from '../types.js';
import type { ReindexResult } from './reply.js';

export { coverageNotice, NOT_COVERED_CELL, NOT_COVERED_MESSAGE, suggestionLead } from '../not-covered.js';

/** `Title › Section`, or the title alone for a document's lead text. */
export function citationLabel(citation: Pick<Citation, 'title' | 'section'>): string {
  return citation.section ? `${citation.title} › ${citation.section}` : citation.title;
}

/** `[1][3]` for citation numbers; empty for none. */
export function markers(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('');
}

/** One sentence on a finished reindex (warnings are listed by each channel in its own way). */
export function reindexSummary(result: ReindexResult): string {
  const c = result.counts;
  return `Reindex finished in ${(result.durationMs / 1000).toFixed(1)} s: ${c.added} added, ${c.updated} updated, ${c.removed} removed, ${c.unchanged} unchanged (${c.documents} documents, ${c.chunks} passages; ${c.embedded} embedded).`;
}

/** A running reindex, as every channel shows it. */
export function reindexProgressText(progress: { readonly done: number; readonly total: number }): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `Reindexing… ${n(progress.done)} of ${n(progress.total)} chunks`;
}
