import { NOT_COVERED_CELL } from '../not-covered.js';
import { jaccard, shingles } from '../text/similarity.js';
import type { StoredChunk } from '../types.js';
import { DIMENSIONS, type DimensionSpec, scoreUnit } from './dimensions.js';
import type { ComparisonDimensionId } from './types.js';
import type { ModelUnit } from './units.js';

export const MAX_CELL_CHARS = 480;

/** A cell before citation numbering: its text and the chunks it quotes. */
export interface DraftCell {
  readonly text: string;
  readonly chunks: readonly StoredChunk[];
}

export const notCovered: DraftCell = { text: NOT_COVERED_CELL, chunks: [] };

function render(chosen: readonly ModelUnit[]): string {
  const [only] = chosen;
  if (chosen.length === 1 && only && only.unit.items.length) {
    return [only.unit.text, ...only.unit.items.map((i) => `- ${i}`)].join('\n');
  }
  if (chosen.filter((u) => u.unit.bullet).length >= 2) return chosen.map((u) => `- ${u.unit.text}`).join('\n');
  return chosen.map((u) => u.unit.text).join(' ');
}

function size(u: ModelUnit): number {
  return u.unit.text.length + u.unit.items.reduce((n, i) => n + i.length + 3, 0);
}

interface Pick {
  readonly spec: DimensionSpec;
  readonly u: ModelUnit;
  readonly score: number;
}

/**
 * Fills a model's column extractively. Every (dimension, unit) pair is scored and the best pairs are
 * taken first, so each passage lands in the row it speaks to most; a unit is used once per column.
 * A row may take a second unit when it scores close to its first. Rows with no unit say "not covered".
 */
export function fillColumn(
  units: readonly ModelUnit[],
  used: Set<string> = new Set(),
  specs: readonly DimensionSpec[] = DIMENSIONS,
): Map<ComparisonDimensionId, DraftCell> {
  const pairs: Pick[] = [];
  for (const spec of specs) {
    for (const u of units) {
      if (used.has(u.unit.text)) continue;
      const score = scoreUnit(spec, u);
      if (score > 0) pairs.push({ spec, u, score });
    }
  }
  // "What it is" comes first: a model described by one sentence shows it there, not under Examples.
  pairs.sort((a, b) => Number(b.spec.id === 'definition') - Number(a.spec.id === 'definition') || b.score - a.score);
  const chosen = new Map<ComparisonDimensionId, Pick[]>();
  const take = (p: Pick) => {
    chosen.set(p.spec.id, [...(chosen.get(p.spec.id) ?? []), p]);
    used.add(p.u.unit.text);
    for (const item of p.u.unit.items) used.add(item);
  };
  for (const p of pairs) {
    if (chosen.has(p.spec.id) || used.has(p.u.unit.text)) continue;
    take(p);
  }
  for (const p of pairs) {
    const [first, ...more] = chosen.get(p.spec.id) ?? [];
    if (!first || more.length || p.spec.id === 'definition' || first.u.unit.items.length) continue;
    if (used.has(p.u.unit.text) || p.u.unit.items.length || p.score < first.score * 0.6) continue;
    if (size(first.u) + size(p.u) + 1 > MAX_CELL_CHARS) continue;
    if (first.u.unit.items.some((i) => p.u.unit.text.startsWith(i.slice(0, 40)))) continue;
    if (jaccard(shingles(p.u.unit.text), shingles(first.u.unit.text)) > 0.5) continue;
    take(p);
  }
  const out = new Map<ComparisonDimensionId, DraftCell>();
  for (const spec of specs) {
    const picks = (chosen.get(spec.id) ?? []).map((p) => p.u);
    if (picks.length === 0) {
      out.set(spec.id, notCovered);
      continue;
    }
    // Read in document order.
    picks.sort((a, b) => a.unit.chunk.id - b.unit.chunk.id || a.unit.position - b.unit.position);
    const chunks = [...new Map(picks.map((u) => [u.unit.chunk.id, u.unit.chunk])).values()];
    out.set(spec.id, { text: render(picks), chunks });
  }
  return out;
}
