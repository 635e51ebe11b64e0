import { sectionKey } from '../answer/focus.js';
import { AppError } from '../errors.js';
import type { ChunkSearch, Embedder, KnowledgeIndex, Logger, Telemetry } from '../ports.js';
import { type Retrieval, Retriever } from '../retrieval/retriever.js';
import { CorpusStats } from '../text/corpus-stats.js';
import type { Glossary } from '../text/glossary.js';
import { type SentenceUnit, splitSentences } from '../text/sentences.js';
import type { StoredChunk } from '../types.js';
import { BoundedMap, type Clearable, RecentMap } from './caches.js';

export interface KnowledgeBaseDeps {
  readonly index: KnowledgeIndex;
  readonly embedder: Embedder;
  readonly glossary: Glossary;
  readonly logger: Logger;
  readonly telemetry?: Telemetry | undefined;
}

export interface KnowledgeBaseOptions {
  /** Retrievals kept for repeated questions (0 disables). */
  readonly retrievalCacheSize?: number | undefined;
}

/**
 * How often, at most, the store is asked whether another process reindexed (one row read). A change
 * made by another replica is seen within this time; a reindex in this process is seen at once.
 */
const CHECK_INTERVAL_MS = 1000;

/** Up to this many chunks, each chunk's terms are kept from the statistics build (for term coverage). */
const KEPT_TERMS_LIMIT = 20_000;

/**
 * What is indexed, as this process knows it: the chunks (and each section's chunks in order), the
 * corpus statistics, sentence units and retrieval (over the store's copy of the index in memory, when
 * it can make one). It is shared by the advisor and the partnership models, and it has one
 * invalidation signal: `generation` goes up by one when a reindex in this process ends, or when the
 * store's index generation shows that another process changed the index.
 * Every cache derived from the index is made by `cache()` and emptied at that moment, and nowhere else.
 */
export class KnowledgeBase {
  private generationValue = 0;
  /** The store's index generation the chunks were read at (undefined: never read). */
  private storeGeneration: number | null | undefined;
  private chunkList: readonly StoredChunk[] = [];
  private sectionMap = new Map<string, StoredChunk[]>();
  private statsValue = CorpusStats.empty();
  /** The index's copy in memory that searches run on (null: the database searches). */
  private memorySearch: ChunkSearch | null = null;
  private readonly caches: Clearable[] = [];
  private readonly listeners: Array<(generation: number) => void> = [];
  private readonly retriever: Retriever;
  /** Each chunk's terms by hash: filled while the statistics are built, so no question pays for them. */
  private readonly termCache = new BoundedMap<string, ReadonlySet<string>>(KEPT_TERMS_LIMIT);
  private chunkTerms: ReadonlyArray<ReadonlySet<string>> = [];
  private readonly retrievals: RecentMap<string, Retrieval>;
  private readonly sentenceUnits: BoundedMap<string, readonly SentenceUnit[]>;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private syncing: Promise<void> | null = null;

  private constructor(
    private readonly deps: KnowledgeBaseDeps,
    options: KnowledgeBaseOptions,
  ) {
    this.retriever = new Retriever({
      search: () => this.memorySearch ?? deps.index,
      embedder: deps.embedder,
      glossary: deps.glossary,
      stats: () => this.statsValue,
      termCache: this.cache(this.termCache),
      onEmbedderError: (error) => {
        deps.logger.warn({ err: error }, 'query embedding failed; searching full text only');
        deps.telemetry?.modelError('embeddings', error.code);
      },
    });
    this.retrievals = this.cache(new RecentMap<string, Retrieval>(options.retrievalCacheSize ?? 0));
    this.sentenceUnits = this.cache(new BoundedMap<string, readonly SentenceUnit[]>(20_000));
  }

  /** Opens the knowledge base and reads what is indexed. */
  static async open(deps: KnowledgeBaseDeps, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(deps, options);
    await kb.sync({ afterReindex: false });
    return kb;
  }

  /** Goes up by one at every change of what is indexed (see the class comment). */
  get generation(): number {
    return this.generationValue;
  }

  get glossary(): Glossary {
    return this.deps.glossary;
  }

  get stats(): CorpusStats {
    return this.statsValue;
  }

  get chunks(): readonly StoredChunk[] {
    return this.chunkList;
  }

  /** Each section's chunks in order (key: `sectionKey`): lists chunked apart are put back together. */
  get sections(): ReadonlyMap<string, readonly StoredChunk[]> {
    return this.sectionMap;
  }

  /** Registers a cache derived from the index: it is emptied whenever the generation changes. */
  cache<C extends Clearable>(cache: C): C {
    this.caches.push(cache);
    return cache;
  }

  /** Called with the new generation after every change (the caches are already empty). */
  onChange(listener: (generation: number) => void): void {
    this.listeners.push(listener);
  }

  /** The sentences and bullets of a chunk (core/text's reading), kept until the index changes. */
  sentences(chunk: StoredChunk): readonly SentenceUnit[] {
    const key = `${chunk.id}:${chunk.hash}`;
    let units = this.sentenceUnits.get(key);
    if (!units) {
      units = splitSentences(chunk.text);
      this.sentenceUnits.set(key, units);
    }
    return units;
  }

  /** Throws `kb_empty` when nothing is indexed (after noticing a reindex by another process). */
  async requireChunks(): Promise<readonly StoredChunk[]> {
    await this.current();
    if (this.statsValue.documents === 0) {
      throw new AppError('kb_empty', 'The knowledge base is empty: an administrator must reindex it first.', {
        remedy: 'reindex',
      });
    }
    return this.chunkList;
  }

  /** Hybrid retrieval over what is indexed; repeated queries are served from the cache until the index changes. */
  async retrieve(query: string, k: number): Promise<Retrieval> {
    await this.requireChunks();
    const key = `${k}\u0000${query}`;
    const cached = this.retrievals.get(key);
    if (cached) return cached;
    const generation = this.generationValue;
    const retrieval = await this.retriever.retrieve(query, k);
    // A degraded (keyword-only) retrieval is not kept: the next question should try embeddings again.
    // Nor is one made with statistics that changed meanwhile.
    if (!retrieval.textOnly && generation === this.generationValue) this.retrievals.set(key, retrieval);
    return retrieval;
  }

  /**
   * Notices a reindex by another process: at most every CHECK_INTERVAL_MS the store's index generation
   * is read, and when it moved the chunks and statistics are read again.
   */
  async current(): Promise<void> {
    // While the index is read again, questions are answered from what is held: the old index answers
    // until the new one is read (the first read, or one after an empty index, is waited for).
    if (this.syncing && this.statsValue.documents > 0) return;
    if (!this.syncing && Date.now() - this.checkedAt < CHECK_INTERVAL_MS) return;
    await this.sync({ afterReindex: false });
  }

  /** A reindex in this process ended (done, failed or cancelled): one change, whatever it wrote. */
  async reindexed(): Promise<void> {
    await this.sync({ afterReindex: true });
  }

  /** One sync at a time; a reindex's sync waits for one in progress and then runs its own. */
  private async sync(options: { afterReindex: boolean }): Promise<void> {
    while (this.syncing) {
      const running = this.syncing;
      await running.catch(() => {});
      if (!options.afterReindex) return;
    }
    const run = this.syncOnce(options.afterReindex).finally(() => {
      this.syncing = null;
    });
    this.syncing = run;
    await run;
  }

  private async syncOnce(afterReindex: boolean): Promise<void> {
    this.checkedAt = Date.now();
    const generation = await this.deps.index.indexGeneration();
    if (generation !== this.storeGeneration) {
      // Read the generation first: chunks newer than it only cause one more read later, never a stale one.
      await this.load(generation);
    } else if (!afterReindex) {
      return;
    }
    this.changed();
  }

  private async load(generation: number | null): Promise<void> {
    const chunks = generation === null ? [] : await this.deps.index.allChunks();
    const sections = new Map<string, StoredChunk[]>();
    for (const chunk of chunks) sections.set(sectionKey(chunk), [...(sections.get(sectionKey(chunk)) ?? []), chunk]);
    for (const list of sections.values()) list.sort((a, b) => a.ordinal - b.ordinal);
    // Built in slices: thousands of chunks in one piece held the event loop for over 100 ms.
    const terms: Array<ReadonlySet<string>> = [];
    const stats = await CorpusStats.fromTextsInSlices(
      chunks.map((c) => `${c.title}\n${c.section}\n${c.text}`),
      this.deps.glossary,
      () => new Promise((resolve) => setImmediate(resolve)),
      { onTerms: chunks.length <= KEPT_TERMS_LIMIT ? (_i, t) => terms.push(t) : undefined },
    );
    // Searches then cost the database no statement, and a question does not wait behind a reindex's writes.
    const memorySearch = chunks.length
      ? await this.deps.index.memorySearch(chunks, this.memorySearch).catch((error: unknown) => {
          this.deps.logger.warn({ err: error }, 'could not copy the index into memory; the database searches');
          return null;
        })
      : null;
    this.chunkTerms = terms;
    this.memorySearch = memorySearch;
    this.storeGeneration = generation;
    this.chunkList = chunks;
    this.sectionMap = sections;
    this.statsValue = stats;
    this.deps.embedder.observeCorpus?.(stats);
  }

  private changed(): void {
    this.generationValue += 1;
    for (const cache of this.caches) cache.clear();
    this.chunkTerms.forEach((terms, i) => {
      const chunk = this.chunkList[i];
      if (chunk) this.termCache.set(chunk.hash, terms);
    });
    for (const listener of this.listeners) listener(this.generationValue);
  }
}
