import { AppError } from '../../../core/errors.js';
import type { ChunkSearch } from '../../../core/ports.js';
import type { ScoredChunk, StoredChunk } from '../../../core/types.js';
import { textQueryWords } from '../text-query.js';
import { norm, type SearchRows } from './search-rows.js';
import type { LexemeIds } from './tsvector.js';

/**
 * The live index's two searches over this process's memory, with the database's rankings: exact
 * cosine similarity (what the embedded database's scan computes) and ts_rank_cd of the OR-ed query
 * words over each chunk's own tsvector (read from the database, so the parser, stemmer and stopwords
 * are PostgreSQL's). A question then costs the database no statement: what made a question wait
 * behind a reindex's writes on the embedded database's single connection.
 */
export class MemorySearch implements ChunkSearch {
  /** Postings by lexeme id (CSR): chunks `chunkOf[start[l]..start[l+1])` hold lexeme l with `weightOf`. */
  private readonly start: Int32Array;
  private readonly chunkOf: Int32Array;
  private readonly weightOf: Float64Array;

  constructor(
    private readonly chunks: readonly StoredChunk[],
    /** The rows of `chunks`, in the same order. */
    readonly rows: SearchRows,
    private readonly lexemeIds: LexemeIds,
    /** Each query word's lexemes as the database's text search configuration makes them. */
    private readonly lexemesOf: (words: readonly string[]) => Promise<ReadonlyMap<string, readonly string[]>>,
  ) {
    const lexemeCount = lexemeIds.size;
    const start = new Int32Array(lexemeCount + 1);
    for (const l of rows.lexemes) start[l + 1] = (start[l + 1] as number) + 1;
    for (let l = 0; l < lexemeCount; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number);
    this.start = start;
    this.chunkOf = new Int32Array(rows.lexemes.length);
    this.weightOf = new Float64Array(rows.lexemes.length);
    const next = start.slice(0, lexemeCount);
    for (let c = 0; c < chunks.length; c++) {
      for (let at = rows.lexemeStart[c] as number; at < (rows.lexemeStart[c + 1] as number); at++) {
        const l = rows.lexemes[at] as number;
        const to = next[l] as number;
        this.chunkOf[to] = c;
        this.weightOf[to] = rows.weights[at] as number;
        next[l] = to + 1;
      }
    }
  }

  /** Nearest chunks by cosine similarity, best first (pgvector's `1 - (embedding <=> query)`). */
  async searchByVector(embedding: readonly number[], k: number): Promise<ScoredChunk[]> {
    if (embedding.length === 0 || this.chunks.length === 0) return [];
    const { dims, vectors, norms } = this.rows;
    if (embedding.length !== dims) {
      throw new AppError(
        'db_error',
        `The index holds ${dims}-dimension embeddings but the embedder made ${embedding.length}: the embedding model changed since the last reindex. An administrator must reindex.`,
        { remedy: 'reindex' },
      );
    }
    // The database compares a float4 copy of the query.
    const query = Float32Array.from(embedding);
    const queryNorm = norm(query);
    const scores = new Float64Array(this.chunks.length);
    for (let c = 0; c < this.chunks.length; c++) {
      let dot = 0;
      const base = c * dims;
      for (let j = 0; j < dims; j++) dot += (query[j] as number) * (vectors[base + j] as number);
      const rowNorm = norms[c] as number;
      const similarity = dot / (queryNorm * rowNorm);
      // pgvector keeps the similarity in [-1, 1]; a zero vector has none (NaN sorts last).
      scores[c] = Number.isNaN(similarity) ? Number.NaN : Math.min(1, Math.max(-1, similarity));
    }
    return this.top(scores, k, () => true);
  }

  /** Chunks matching any of the words, by ts_rank_cd of their OR (as SqlStore.searchByText), best first. */
  async searchByText(terms: readonly string[], k: number): Promise<ScoredChunk[]> {
    const words = textQueryWords(terms);
    if (words.length === 0 || this.chunks.length === 0) return [];
    const lexemes = await this.lexemesOf(words);
    const ids = new Set<number>();
    for (const word of words) {
      for (const lexeme of lexemes.get(word) ?? []) {
        const id = this.lexemeIds.find(lexeme);
        if (id !== undefined && id + 1 < this.start.length) ids.add(id);
      }
    }
    const scores = new Float64Array(this.chunks.length);
    for (const l of ids) {
      for (let at = this.start[l] as number; at < (this.start[l + 1] as number); at++) {
        const c = this.chunkOf[at] as number;
        scores[c] = (scores[c] as number) + (this.weightOf[at] as number);
      }
    }
    // ts_rank_cd returns a float4.
    for (let c = 0; c < scores.length; c++) scores[c] = Math.fround(scores[c] as number);
    return this.top(scores, k, (c) => (scores[c] as number) > 0);
  }

  /** The k best of the chunks `keep` accepts, by score (NaN last) then id (the database's tie order for full text). */
  private top(scores: Float64Array, k: number, keep: (c: number) => boolean): ScoredChunk[] {
    const found: number[] = [];
    for (let c = 0; c < scores.length; c++) if (keep(c)) found.push(c);
    const score = (c: number) => (Number.isNaN(scores[c]) ? Number.NEGATIVE_INFINITY : (scores[c] as number));
    found.sort(
      (a, b) => score(b) - score(a) || (this.chunks[a] as StoredChunk).id - (this.chunks[b] as StoredChunk).id,
    );
    return found.slice(0, k).map((c) => ({ ...(this.chunks[c] as StoredChunk), score: scores[c] as number }));
  }
}
