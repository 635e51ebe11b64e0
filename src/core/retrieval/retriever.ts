import { AppError } from '../errors.js';
import type { Embedder, KnowledgeIndex } from '../ports.js';
import { type CorpusStats, termsOf } from '../text/corpus-stats.js';
import type { Glossary } from '../text/glossary.js';
import { type QueryTerms, queryTerms } from '../text/query-terms.js';
import { containment, shingles } from '../text/similarity.js';
import type { ScoredChunk } from '../types.js';
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
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  candidates: 24,
  minCoverage: 0.4,
  relativeCoverage: 0.35,
  duplicateThreshold: 0.6,
};

/**
 * Hybrid retrieval: pgvector kNN and PostgreSQL full-text search fused by reciprocal rank fusion,
 * near-duplicates removed, and an abstention decision from term coverage.
 */
export class Retriever {
  private readonly termCache = new Map<string, Set<string>>();

  constructor(
    private readonly deps: {
      readonly index: KnowledgeIndex;
      readonly embedder: Embedder;
      readonly glossary: Glossary;
      readonly stats: () => CorpusStats;
      readonly onEmbedderError?: (error: AppError) => void;
    },
    private readonly options: RetrieverOptions = DEFAULT_RETRIEVER_OPTIONS,
  ) {}

  async retrieve(query: string, k: number): Promise<Retrieval> {
    const terms = queryTerms(query, this.deps.glossary);
    if (terms.terms.length === 0) return { query, terms, passages: [], abstained: true };
    const n = Math.max(this.options.candidates, k * 3);
    const embedding = await this.embedQuery(query);
    const byVector = embedding ? await this.deps.index.searchByVector(embedding, n) : [];
    const byText = await this.deps.index.searchByText(terms.searchWords, n);
    const similarity = new Map(byVector.map((c) => [c.id, c.score]));
    const fused = reciprocalRankFusion([byVector, byText], (c) => c.id);

    const stats = this.deps.stats();
    const weights = terms.terms.map((t) => ({ t, idf: stats.idf(t) }));
    const total = weights.reduce((s, w) => s + w.idf, 0) || 1;
    const scored: Passage[] = fused.map(({ item, score }) => {
      const have = this.chunkTerms(item);
      const covered = weights.reduce((s, w) => s + (have.has(w.t) ? w.idf : 0), 0);
      return { ...item, score, similarity: similarity.get(item.id) ?? 0, coverage: covered / total };
    });

    const best = Math.max(0, ...scored.map((p) => p.coverage));
    if (best < this.options.minCoverage) {
      return { query, terms, passages: [], abstained: true, ...(embedding ? {} : { textOnly: true }) };
    }
    const floor = best * this.options.relativeCoverage;

    const kept: Array<{ passage: Passage; shingles: Set<string> }> = [];
    for (const passage of scored) {
      if (kept.length >= k) break;
      if (passage.coverage < floor || passage.coverage === 0) continue;
      const sh = shingles(passage.text);
      if (kept.some((other) => containment(sh, other.shingles) > this.options.duplicateThreshold)) continue;
      kept.push({ passage, shingles: sh });
    }
    const passages = kept.map((x) => x.passage);
    return { query, terms, passages, abstained: kept.length === 0, ...(embedding ? {} : { textOnly: true }) };
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

  private chunkTerms(chunk: ScoredChunk): Set<string> {
    let set = this.termCache.get(chunk.hash);
    if (!set) {
      set = new Set(termsOf(`${chunk.title}\n${chunk.section}\n${chunk.text}`, this.deps.glossary));
      if (this.termCache.size > 20_000) this.termCache.clear();
      this.termCache.set(chunk.hash, set);
    }
    return set;
  }
}
