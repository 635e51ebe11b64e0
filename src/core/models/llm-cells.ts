import { z } from 'zod';
import { formatPassages } from '../answer/llm-answer.js';
import { fillTemplate } from '../answer/templates.js';
import type { ChatModel } from '../ports.js';
import type { Passage } from '../retrieval/retriever.js';
import { contentStems } from '../text/tokenize.js';
import type { StoredChunk } from '../types.js';
import type { CatalogEntry } from './catalog.js';
import { DIMENSIONS } from './dimensions.js';
import { type DraftCell, MAX_CELL_CHARS, notCovered } from './fill-cells.js';
import type { ComparePrompts } from './prompts.js';
import type { ComparisonDimensionId } from './types.js';

const DESCRIPTIONS: Record<ComparisonDimensionId, string> = {
  definition: 'what the model is',
  ai_uses: 'what it is typically used for with AI',
  benefits: 'its benefits',
  risks: 'its risks and what to consider',
  governance: 'how it is governed',
  ip_and_data: 'how intellectual property and data are handled',
  examples: 'real examples named in the passages',
};

const MAX_PASSAGES = 16;
/** Share of a cell's content words that must appear in the passages it cites. */
const MIN_SUPPORT = 0.6;

const answerSchema = z.object({
  cells: z
    .array(
      z.object({
        model: z.string(),
        dimension: z.enum(DIMENSIONS.map((d) => d.id) as [ComparisonDimensionId, ...ComparisonDimensionId[]]),
        text: z.string().min(1).max(4000),
        citations: z.array(z.number().int()).max(20).default([]),
      }),
    )
    .max(200),
});

export type Columns = Map<string, Map<ComparisonDimensionId, DraftCell>>;

export interface LlmColumnsResult {
  readonly columns: Columns;
  /** Cells the model wrote that were replaced by the extractive ones (uncited, unsupported or missing). */
  readonly replaced: number;
}

/** Cuts a cell at a sentence end (or a word) within the length limit. */
export function limitCell(text: string, max = MAX_CELL_CHARS): string {
  const clean = text.replace(/\s*\[\d+\]/g, '').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  if (sentenceEnd > max * 0.5) return cut.slice(0, sentenceEnd + 1);
  return `${cut.slice(0, cut.lastIndexOf(' ')).trimEnd()}…`;
}

function supported(text: string, chunks: readonly StoredChunk[], entry: CatalogEntry): boolean {
  const stems = contentStems(text);
  if (stems.length === 0) return false;
  const have = new Set([
    ...chunks.flatMap((c) => contentStems(`${c.section} ${c.text}`)),
    ...contentStems(entry.model.name),
  ]);
  return stems.filter((s) => have.has(s)).length / stems.length >= MIN_SUPPORT;
}

/**
 * The LLM comparison: one structured-output call over the passages of every compared model, validated
 * with zod; each cell's citations must point at that model's passages and its words must be found in
 * them, or the extractive cell is kept. Throws (AppError from the model, or a ZodError/SyntaxError)
 * when the answer is unusable as a whole: the caller falls back to the extractive table.
 */
export async function llmColumns(input: {
  entries: readonly CatalogEntry[];
  /** Chunks each model may cite, best first. */
  chunksByModel: ReadonlyMap<string, readonly StoredChunk[]>;
  extractive: Columns;
  model: ChatModel;
  prompts: ComparePrompts;
  signal?: AbortSignal;
}): Promise<LlmColumnsResult> {
  const passages: StoredChunk[] = [];
  const numberOf = new Map<number, number>();
  const allowed = new Map<string, Set<number>>();
  const perModel = Math.max(2, Math.floor(MAX_PASSAGES / input.entries.length));
  for (const entry of input.entries) {
    const set = new Set<number>();
    for (const chunk of (input.chunksByModel.get(entry.model.id) ?? []).slice(0, perModel)) {
      let n = numberOf.get(chunk.id);
      if (n === undefined) {
        passages.push(chunk);
        n = passages.length;
        numberOf.set(chunk.id, n);
      }
      set.add(n);
    }
    allowed.set(entry.model.id, set);
  }
  const user = fillTemplate(input.prompts.compareUser, {
    models: input.entries
      .map(
        (e) =>
          `- ${e.model.id}: ${e.model.name}; passages ${[...(allowed.get(e.model.id) ?? [])].join(', ') || 'none'}`,
      )
      .join('\n'),
    dimensions: DIMENSIONS.map((d) => `- ${d.id}: ${DESCRIPTIONS[d.id]}`).join('\n'),
    passages: formatPassages(passages.map((c) => ({ ...c, score: 0, similarity: 0, coverage: 0 }) as Passage)),
  });
  const raw = await input.model.complete(
    [
      { role: 'system', content: input.prompts.compareSystem },
      { role: 'user', content: user },
    ],
    { json: true, maxTokens: 2500, ...(input.signal ? { signal: input.signal } : {}) },
  );
  const parsed = answerSchema.parse(JSON.parse(raw.trim().replace(/^```(?:json)?\s*|\s*```$/g, '')));

  const columns: Columns = new Map();
  let replaced = 0;
  for (const entry of input.entries) {
    const extractive = input.extractive.get(entry.model.id) ?? new Map();
    const column = new Map<ComparisonDimensionId, DraftCell>();
    for (const spec of DIMENSIONS) {
      const fallback = extractive.get(spec.id) ?? notCovered;
      const cell = parsed.cells.find((c) => c.model === entry.model.id && c.dimension === spec.id);
      const ok = allowed.get(entry.model.id) ?? new Set<number>();
      if (!cell) {
        replaced++;
        column.set(spec.id, fallback);
        continue;
      }
      if (/^\s*NOT_COVERED\b/.test(cell.text)) {
        // Only trust "not covered" when the extractive search found nothing either.
        if (fallback.chunks.length) replaced++;
        column.set(spec.id, fallback);
        continue;
      }
      const cited = [...new Set(cell.citations)].filter((n) => ok.has(n)).map((n) => passages[n - 1] as StoredChunk);
      const text = limitCell(cell.text);
      if (cited.length === 0 || !supported(text, cited, entry)) {
        replaced++;
        column.set(spec.id, fallback);
        continue;
      }
      column.set(spec.id, { text, chunks: cited });
    }
    columns.set(entry.model.id, column);
  }
  return { columns, replaced };
}
