import { jaccard, shingles } from '../text/similarity.js';
import type { StoredChunk } from '../types.js';
import { DIMENSIONS, type DimensionSpec, scoreUnit } from './dimensions.js';
import type { ComparisonDimensionId } from './types.js';
import type { ModelUnit } from './units.js';

export const NOT_COVERED_CELL = 'Not covered in the knowledge base.';
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

/** The best one or two units for a dimension, never a unit already used in this model's column. */
export function fillCell(spec: DimensionSpec, units: readonly ModelUnit[], used: Set<string>): DraftCell {
  const ranked = units
    .filter((u) => !used.has(u.unit.text))
    .map((u) => ({ u, score: scoreUnit(spec, u) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return notCovered;
  const chosen: ModelUnit[] = [best.u];
  let chars = size(best.u);
  const limit = spec.id === 'definition' ? 1 : 2;
  const firstShingles = shingles(best.u.unit.text);
  for (const { u, score } of ranked.slice(1)) {
    if (chosen.length >= limit || best.u.unit.items.length) break;
    if (score < best.score * 0.6 || u.unit.items.length) continue;
    if (chars + size(u) + 1 > MAX_CELL_CHARS) continue;
    if (best.u.unit.items.some((i) => u.unit.text.startsWith(i.slice(0, 40)))) continue;
    if (jaccard(shingles(u.unit.text), firstShingles) > 0.5) continue;
    chosen.push(u);
    chars += size(u) + 1;
  }
  // Read in document order.
  chosen.sort((a, b) => a.unit.chunk.id - b.unit.chunk.id || a.unit.position - b.unit.position);
  for (const u of chosen) {
    used.add(u.unit.text);
    for (const item of u.unit.items) used.add(item);
  }
  const chunks = [...new Map(chosen.map((u) => [u.unit.chunk.id, u.unit.chunk])).values()];
  return { text: render(chosen), chunks };
}

/** Specific dimensions pick first, so a passage on IP is not spent on the broad "AI uses" row. */
export const FILL_ORDER: readonly DimensionSpec[] = (
  ['definition', 'examples', 'ip_and_data', 'governance', 'risks', 'benefits', 'ai_uses'] as const
).map((id) => DIMENSIONS.find((d) => d.id === id) as DimensionSpec);

/** Every dimension of one model's column, extractively: what the zero-config comparison shows. */
export function fillColumn(units: readonly ModelUnit[]): Map<ComparisonDimensionId, DraftCell> {
  const used = new Set<string>();
  const out = new Map<ComparisonDimensionId, DraftCell>();
  for (const spec of FILL_ORDER) out.set(spec.id, fillCell(spec, units, used));
  return out;
}
