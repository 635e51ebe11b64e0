import { AppError } from '../errors.js';
import { BoundedMap } from '../knowledge/caches.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { NOT_COVERED_CELL } from '../not-covered.js';
import type { ChatModel, KnowledgeSource, Logger } from '../ports.js';
import { firstSentences } from '../text/sentences.js';
import type { ChannelName, ChunkDraft, StoredChunk } from '../types.js';
import { type Catalog, type CatalogEntry, parseCatalog } from './catalog.js';
import { checkCatalog } from './catalog-check.js';
import { CitationBook } from './citation-book.js';
import { DIMENSIONS } from './dimensions.js';
import { type DraftCell, fillColumn, notCovered } from './fill-cells.js';
import { type Columns, llmColumns } from './llm-cells.js';
import type { ComparePrompts } from './prompts.js';
import { readSituation, scoreModels } from './recommend.js';
import { ModelResolver } from './resolve-names.js';
import type {
  ComparisonDimensionId,
  ComparisonResult,
  ComparisonRow,
  ModelsResult,
  PartnershipModels,
  RecommendResult,
} from './types.js';
import { foundUnits, type ModelUnit, ownUnits, type Unit, type UnitReader } from './units.js';

export const CATALOG_FILE = 'catalog.json';
export const COMPARE_LLM_FALLBACK_NOTICE =
  'The language model is unavailable or gave an unusable answer, so this comparison quotes the knowledge base directly.';
export const COMPARE_LLM_REPLACED_NOTICE =
  'Some cells quote the knowledge base directly because the language model did not ground them in their sources.';
export const RECOMMEND_NOTHING_NOTICE =
  'Nothing in the knowledge base matches this situation yet. Say what you want to achieve and what matters most: IP, control, speed, capital, risk or data.';

export interface PartnershipModelsDeps {
  /**
   * What is indexed, shared with the advisor: the chunks, their statistics and sentences, and
   * corpus-wide retrieval (the second place a cell is looked for). Columns are kept until it changes.
   */
  readonly knowledge: Pick<
    KnowledgeBase,
    'requireChunks' | 'retrieve' | 'stats' | 'sentences' | 'cache' | 'generation'
  >;
  readonly source: Pick<KnowledgeSource, 'readData'>;
  readonly logger: Logger;
  /** Optional: with it, comparison cells are written by the model (structured output) and checked. */
  readonly chatModel?: ChatModel | undefined;
  readonly prompts?: ComparePrompts | undefined;
  /** How the catalog file is named in messages ("knowledge/catalog.json"). */
  readonly catalogLabel?: string;
  readonly maxSituationChars?: number;
}

interface IndexState {
  readonly chunks: readonly StoredChunk[];
  readonly idf: (stem: string) => number;
}

interface Column {
  readonly units: readonly ModelUnit[];
  readonly cells: Map<ComparisonDimensionId, DraftCell>;
}

/** The catalog-backed implementation of comparisons, the model list and recommendations. */
export class CatalogModels implements PartnershipModels {
  private catalogCache: { text: string; catalog: Catalog; resolver: ModelResolver } | null = null;
  /** Each model's column, until the index or the catalog changes. */
  private readonly columns: BoundedMap<string, Column>;
  private readonly units: UnitReader;

  constructor(private readonly deps: PartnershipModelsDeps) {
    const { knowledge } = deps;
    this.columns = knowledge.cache(new BoundedMap<string, Column>(1000));
    const byChunk = knowledge.cache(new BoundedMap<string, Unit[]>(20_000));
    this.units = { sentences: (chunk) => knowledge.sentences(chunk), cache: byChunk };
  }

  private get label(): string {
    return this.deps.catalogLabel ?? CATALOG_FILE;
  }

  /** Reads catalog.json (re-parsed only when it changed). */
  private async catalog(): Promise<{ catalog: Catalog; resolver: ModelResolver }> {
    const text = await this.deps.source.readData(CATALOG_FILE);
    if (text === null) {
      throw new AppError(
        'kb_file_invalid',
        `The partnership model catalog ${this.label} is missing. Restore it from the repository (or create it with "models" and "factors") and reindex.`,
      );
    }
    if (this.catalogCache?.text !== text) {
      const catalog = parseCatalog(text, this.label);
      this.catalogCache = { text, catalog, resolver: new ModelResolver(catalog.entries) };
      this.columns.clear();
    }
    return this.catalogCache;
  }

  /** The indexed chunks and the corpus idf, as the knowledge base holds them now. */
  private async state(): Promise<IndexState> {
    const { knowledge } = this.deps;
    const chunks = await knowledge.requireChunks();
    const stats = knowledge.stats;
    return { chunks, idf: (stem) => stats.situationWeight(stem) };
  }

  /** A model's column: its own sections first; dimensions they leave empty are searched corpus-wide. */
  private async column(entry: CatalogEntry, state: IndexState): Promise<Column> {
    const cached = this.columns.get(entry.model.id);
    if (cached) return cached;
    const generation = this.deps.knowledge.generation;
    const own = ownUnits(entry, state.chunks, this.units);
    const used = new Set<string>();
    const cells = fillColumn(own, used);
    let units: ModelUnit[] = own;
    const empty = DIMENSIONS.filter((d) => !cells.get(d.id)?.chunks.length);
    if (empty.length) {
      const query = [...new Set([entry.model.name, ...entry.mentions.map((m) => m.text)])].join(' ');
      const retrieval = await this.deps.knowledge.retrieve(query, 8);
      const found = foundUnits(entry, retrieval.passages, own, this.units);
      for (const [id, cell] of fillColumn(found, used, empty)) cells.set(id, cell);
      units = [...own, ...found];
    }
    const column = { units, cells };
    // Not kept when the index changed during the corpus-wide search (the column was read from the old one).
    if (generation === this.deps.knowledge.generation) this.columns.set(entry.model.id, column);
    return column;
  }

  async list(): Promise<ModelsResult> {
    const { catalog } = await this.catalog();
    const state = await this.state();
    const models = [];
    for (const entry of catalog.entries) {
      const cell = (await this.column(entry, state)).cells.get('definition') ?? notCovered;
      const chunk = cell.chunks[0];
      const book = new CitationBook();
      if (chunk) book.cite(chunk);
      models.push({
        model: entry.model,
        definition: chunk ? firstSentences(cell.text.split('\n')[0] ?? cell.text, 1) : NOT_COVERED_CELL,
        covered: !!chunk,
        citations: book.citations,
      });
    }
    return { models };
  }

  async compare(names: readonly string[], options: { channel?: ChannelName } = {}): Promise<ComparisonResult> {
    const started = performance.now();
    const { resolver } = await this.catalog();
    const entries = resolver.resolveForComparison(names);
    const state = await this.state();
    const columns: Columns = new Map();
    const chunksByModel = new Map<string, StoredChunk[]>();
    for (const entry of entries) {
      const column = await this.column(entry, state);
      columns.set(entry.model.id, column.cells);
      chunksByModel.set(entry.model.id, [
        ...new Map(column.units.map((u) => [u.unit.chunk.id, u.unit.chunk])).values(),
      ]);
    }
    const notices: string[] = [];
    let table = columns;
    const { chatModel, prompts } = this.deps;
    if (chatModel && prompts) {
      try {
        const llm = await llmColumns({ entries, chunksByModel, extractive: columns, model: chatModel, prompts });
        table = llm.columns;
        if (llm.replaced > 0) notices.push(COMPARE_LLM_REPLACED_NOTICE);
      } catch (error) {
        if (!(error instanceof AppError) && !(error instanceof SyntaxError) && !isZodError(error)) throw error;
        this.deps.logger.warn(
          { err: error, code: error instanceof AppError ? error.code : 'invalid_output' },
          'comparison by the language model failed; quoting the knowledge base',
        );
        notices.push(COMPARE_LLM_FALLBACK_NOTICE);
      }
    }
    const book = new CitationBook();
    const rows: ComparisonRow[] = DIMENSIONS.map((spec) => ({
      dimension: { id: spec.id, label: spec.label },
      cells: entries.map((entry) => {
        const draft = table.get(entry.model.id)?.get(spec.id) ?? notCovered;
        const citations = draft.chunks.map((c) => book.cite(c));
        return citations.length
          ? { text: draft.text, covered: true, citations }
          : { text: NOT_COVERED_CELL, covered: false, citations: [] };
      }),
    }));
    const total = Math.round((performance.now() - started) * 10) / 10;
    this.deps.logger.debug(
      { channel: options.channel ?? 'api', models: entries.map((e) => e.model.id), total },
      'compared',
    );
    return { models: entries.map((e) => e.model), rows, citations: book.citations, notices, timings_ms: { total } };
  }

  async recommend(
    rawSituation: string,
    options: { channel?: ChannelName; among?: readonly string[] | undefined } = {},
  ): Promise<RecommendResult> {
    const situation = normalizeSituation(rawSituation, this.deps.maxSituationChars ?? 4000);
    const { catalog, resolver } = await this.catalog();
    const state = await this.state();
    const reading = readSituation(situation, catalog.factors);
    const candidates = [];
    // Only each model's own sections: corpus-wide finds are for filling table cells, not for ranking.
    for (const entry of catalog.entries) candidates.push({ entry, units: ownUnits(entry, state.chunks, this.units) });
    const named = new Set((options.among ?? []).map((n) => resolver.find(n)?.model.id).filter(Boolean));
    const ranked = scoreModels(reading, candidates, state.idf);
    // The options the question names come first when the chapters speak to them, then the best of the rest.
    const chosen = ranked.filter((s) => named.has(s.entry.model.id));
    const top = [...chosen, ...ranked.filter((s) => !named.has(s.entry.model.id))].slice(0, 3);
    const book = new CitationBook();
    const recommendations = top.map((s) => ({
      model: s.entry.model,
      score: s.score,
      reasons: s.reasons.map((r) => ({ text: r.text, citations: [book.cite(r.chunk)] })),
    }));
    const notices = recommendations.length ? [] : [RECOMMEND_NOTHING_NOTICE];
    this.deps.logger.debug(
      { channel: options.channel ?? 'api', factors: reading.factors.map((f) => f.id) },
      'recommended',
    );
    return {
      situation,
      recommendations,
      citations: book.citations,
      clarifyingQuestions: reading.missing.map((f) => f.question).slice(0, 4),
      notices,
    };
  }

  /** Reads the catalog once (at start): a problem is logged with what to fix, never thrown. */
  async validate(): Promise<string | null> {
    try {
      await this.catalog();
      return null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.deps.logger.warn({ code: error.code }, `${error.message} Questions still work.`);
      return error.message;
    }
  }

  /**
   * Run by every reindex on the chunks it is about to store: entries whose sections are gone are
   * warnings, and so is a catalog that cannot be read (ordinary questions keep working).
   */
  async checkIndex(chunks: readonly ChunkDraft[]): Promise<string[]> {
    let warnings: string[];
    try {
      const { catalog } = await this.catalog();
      warnings = checkCatalog(catalog, chunks, this.label);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      warnings = [`${error.message} Until then compare, models and recommend are unavailable; questions still work.`];
    }
    for (const warning of warnings) this.deps.logger.warn({ warning }, 'partnership model catalog');
    return warnings;
  }
}

function isZodError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ZodError';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

function normalizeSituation(raw: unknown, maxChars: number): string {
  const example = '"We have a proprietary vision model and want a retailer\'s data without giving up our IP."';
  if (typeof raw !== 'string')
    throw new AppError('bad_input', `Describe your situation in words, for example ${example}`);
  const text = raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if (!text) throw new AppError('bad_input', `The situation is empty. Describe it, for example ${example}`);
  if (text.length > maxChars) {
    throw new AppError(
      'bad_input',
      `The situation is ${text.length.toLocaleString('en-US')} characters long; the limit is ${maxChars.toLocaleString('en-US')}. Describe it in a few sentences.`,
    );
  }
  return text;
}
