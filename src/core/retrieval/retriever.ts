import { AppError } from '../errors.js';
import type { BoundedMap } from '../knowledge/caches.js';
import type { ChunkSearch, Embedder } from '../ports.js';
import { CONCEPT_PREFIX, type CorpusStats, termsOf } from '../text/corpus-stats.js';
import type { Glossary } from '../text/glossary.js';
import { type QueryTerms, queryTerms } from '../text/query-terms.js';
import { containment, shingles } from '../text/similarity.js';
import type { ScoredChunk, StoredChunk } from '../types.js';
import { reciprocalRankFusion } from './rrf.js';

export interface Passage extends ScoredChunk {
  /** Cosine similarity from the vector search (0 when only full-text search found it). */
  readonly similarity: number;
  /** Share of the question's idf-weighted terms that the passage contains, 0..1. */
  readonly coverage: number;
}

export interface Retrieval {
  readonly query: string;
  readonly terms: QueryTerms;
  /** Best first, at most k, no near-duplicates. Empty when the advisor should abstain. */
  readonly passages: readonly Passage[];
  readonly abstained: boolean;
  /** True when the query embedding failed and only full-text search was used. */
  readonly textOnly?: boolean;
}

export interface RetrieverOptions {
  /** Candidates taken from each search before fusion. */
  readonly candidates: number;
  /** Below this best coverage the question is out of scope. */
  readonly minCoverage: number;
  /** Passages below this share of the best passage's coverage are dropped. */
  readonly relativeCoverage: number;
  /** Two passages sharing more than this share of word 3-grams are near-duplicates. */
  readonly duplicateThreshold: number;
  /**
   * Weight of a question word the corpus never uses. Conversational filler ("bother", "plain words")
   * must not sink an in-domain question, so unknown words count like common ones, not like rare ones.
   */
  readonly unknownTermWeight: number;
  /** Weight multiplier for glossary concepts (JV, IP, co-creation...): the surest sign of the topic. */
  readonly conceptBoost: number;
  /** Without a concept match, the best passage must share at least this many distinct terms with the question. */
  readonly minMatchedTerms: number;
  /** Final order = coverage + fusionWeight × RRF score (RRF scores are about 0.01-0.03). */
  readonly fusionWeight: number;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  candidates: 24,
  minCoverage: 0.3,
  relativeCoverage: 0.35,
  duplicateThreshold: 0.6,
  unknownTermWeight: 1,
  conceptBoost: 3,
  minMatchedTerms: 2,
  fusionWeight: 10,
};

/**
 * Hybrid retrieval: pgvector kNN and PostgreSQL full-text search (or the same rankings over the
 * index's copy in memory) fused by reciprocal rank fusion,
 * near-duplicates removed, and an abstention decision from term coverage.
 */
export class Retriever {
  constructor(
    private readonly deps: {
      /** The searches to use now (the knowledge base's copy in memory, or the database). */
      readonly search: () => ChunkSearch;
      readonly embedder: Embedder;
      readonly glossary: Glossary;
      readonly stats: () => CorpusStats;
      /** Each chunk's terms by chunk hash (the knowledge base empties it when the index changes). */
      readonly termCache: Pick<BoundedMap<string, ReadonlySet<string>>, 'get' | 'set'>;
      readonly onEmbedderError?: (error: AppError) => void;
    },
    private readonly options: RetrieverOptions = DEFAULT_RETRIEVER_OPTIONS,
  ) {}

  /** Hybrid retrieval of the k best passages for `query`. */
  async retrieve(query: string, k: number): Promise<Retrieval> {
    const terms = queryTerms(query, this.deps.glossary);
    if (terms.terms.length === 0) return { query, terms, passages: [], abstained: true };
    const n = Math.max(this.options.candidates, k * 3);
    const embedding = await this.embedQuery(query);
    const search = this.deps.search();
    // Both searches at once: on a busy database (a reindex writing) they wait for one statement, not two.
    const [byVector, byText] = await Promise.all([
      embedding ? search.searchByVector(embedding, n) : [],
      search.searchByText(terms.searchWords, n),
    ]);
    const similarity = new Map(byVector.map((c) => [c.id, c.score]));
    return this.rank(query, terms, [byVector, byText], similarity, k, !embedding);
  }

  /** Fuses the candidate lists, weighs each by term coverage, drops near-duplicates, decides abstention. */
  private rank(
    query: string,
    terms: QueryTerms,
    lists: readonly (readonly ScoredChunk[])[],
    similarity: ReadonlyMap<number, number>,
    k: number,
    textOnly: boolean,
  ): Retrieval {
    const fused = reciprocalRankFusion(lists, (c) => c.id);

    const weights = this.termWeights(terms.terms);
    const total = weights.reduce((s, w) => s + w.weight, 0) || 1;
    let bestEvidence = 0;
    const scored: Passage[] = fused.map(({ item, score }) => {
      const have = this.chunkTerms(item);
      let covered = 0;
      let matched = 0;
      for (const w of weights) {
        if (!have.has(w.t)) continue;
        covered += w.weight;
        matched += w.t.startsWith(CONCEPT_PREFIX) ? this.options.minMatchedTerms : 1;
      }
      bestEvidence = Math.max(bestEvidence, matched);
      return { ...item, score, similarity: similarity.get(item.id) ?? 0, coverage: covered / total };
    });

    const best = Math.max(0, ...scored.map((p) => p.coverage));
    if (best < this.options.minCoverage || bestEvidence < this.options.minMatchedTerms) {
      return { query, terms, passages: [], abstained: true, ...(textOnly ? { textOnly: true } : {}) };
    }
    const floor = best * this.options.relativeCoverage;

    const kept: Array<{ passage: Passage; shingles: Set<string> }> = [];
    // Full-text rank ignores how rare a word is; coverage is idf-weighted. Blend both into the order.
    const ordered = scored
      .map((p) => ({ p, final: p.coverage + this.options.fusionWeight * p.score }))
      .sort((a, b) => b.final - a.final)
      .map((x) => x.p);
    for (const passage of ordered) {
      if (kept.length >= k) break;
      if (passage.coverage < floor || passage.coverage === 0) continue;
      const sh = shingles(passage.text);
      if (kept.some((other) => containment(sh, other.shingles) > this.options.duplicateThreshold)) continue;
      kept.push({ passage, shingles: sh });
    }
    const passages = kept.map((x) => x.passage);
    return { query, terms, passages, abstained: kept.length === 0, ...(textOnly ? { textOnly: true } : {}) };
  }

  private termWeights(terms: readonly string[]): Array<{ t: string; weight: number }> {
    const stats = this.deps.stats();
    return terms.map((t) => {
      if (!stats.has(t)) return { t, weight: this.options.unknownTermWeight };
      const idf = stats.idf(t);
      return { t, weight: t.startsWith(CONCEPT_PREFIX) ? idf * this.options.conceptBoost : idf };
    });
  }

  /** A failing embedding endpoint degrades search to full text instead of failing the question. */
  private async embedQuery(query: string): Promise<number[] | null> {
    try {
      const [embedding] = await this.deps.embedder.embed([query], 'query');
      return embedding ?? null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'embedder_unavailable') {
        this.deps.onEmbedderError?.(error);
        return null;
      }
      throw error;
    }
  }

  private chunkTerms(chunk: StoredChunk): ReadonlySet<string> {
    let set = this.deps.termCache.get(chunk.hash);
    if (!set) {
      set = new Set(termsOf(`${chunk.title}\n${chunk.section}\n${chunk.text}`, this.deps.glossary));
      this.deps.termCache.set(chunk.hash, set);
    }
    return set;
  }
}
