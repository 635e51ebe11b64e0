import { LRUCache } from 'lru-cache';
import type { ChunkSearch } from '../../../core/ports.js';
import type { StoredChunk } from '../../../core/types.js';
import { guarded } from '../db-errors.js';
import type { SqlClient } from '../sql-client.js';
import { MemorySearch } from './memory-search.js';
import { SearchRows } from './search-rows.js';
import { LexemeIds } from './tsvector.js';

/**
 * Up to this many live chunks, and this many vector floats (40 MB), the searches run on a copy of the
 * index in memory (see MemorySearch); larger indexes are searched by the database.
 */
const MEMORY_SEARCH_MAX_CHUNKS = 20_000;
const MEMORY_SEARCH_MAX_FLOATS = 10_000_000;
/** Rows read per statement when a memory copy is built: a few ms of the database each. */
const MEMORY_READ_BATCH = 100;

/** Builds a store's MemorySearch copies, and looks up query words' lexemes for them. */
export class MemorySearchLoader {
  private readonly lexemeIds = new LexemeIds();
  /** Query word -> its lexemes under the 'english' configuration (a property of the database, not of the index). */
  private readonly wordLexemes = new LRUCache<string, readonly string[]>({ max: 50_000 });

  constructor(private readonly db: SqlClient) {}

  /**
   * Reads each row of `chunks` (their embedding and tsvector) into a MemorySearch. Rows `previous`
   * holds are not read again: after a reindex only the new rows are. Null when the index is too large
   * for memory, or a row is gone (another process reindexed meanwhile: the database searches until the
   * knowledge base reads the index again).
   */
  async load(chunks: readonly StoredChunk[], previous: ChunkSearch | null): Promise<ChunkSearch | null> {
    if (chunks.length > MEMORY_SEARCH_MAX_CHUNKS) return null;
    const known = previous instanceof MemorySearch ? previous.rows : null;
    const missing = chunks.filter((c) => !known?.positions.has(c.id)).map((c) => c.id);
    // Each batch is decoded at once into arrays made once (thousands of small typed arrays fragment the heap).
    const reader = SearchRows.reader(missing.length, this.lexemeIds);
    for (let i = 0; i < missing.length; i += MEMORY_READ_BATCH) {
      const { rows } = await guarded('reading the index', () =>
        // pgvector's binary form in base64: a third less text to carry and parse than bytea's hex.
        this.db.query<{ id: string | number; v: string; t: string }>(
          `SELECT id, encode(vector_send(embedding), 'base64') AS v, tsv::text AS t FROM chunks WHERE id = ANY($1::bigint[])`,
          [missing.slice(i, i + MEMORY_READ_BATCH)],
        ),
      );
      for (const row of rows) reader.add(Number(row.id), row.v, row.t);
      // Stop reading as soon as the whole index would not fit.
      if (chunks.length * (known?.dims ?? reader.dims) > MEMORY_SEARCH_MAX_FLOATS) return null;
    }
    const rows = SearchRows.gather(chunks, [...(known ? [known] : []), reader.done()]);
    // A row gone meanwhile (another process reindexed): the database searches until the next read.
    return rows ? new MemorySearch(chunks, rows, this.lexemeIds, (words) => this.lexemesOf(words)) : null;
  }

  /** Each word's lexemes as to_tsquery('english', ...) makes them (none for a stopword); cached. */
  private async lexemesOf(words: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
    const found = new Map<string, readonly string[]>();
    const missing: string[] = [];
    for (const word of words) {
      const lexemes = this.wordLexemes.get(word);
      if (lexemes) found.set(word, lexemes);
      else missing.push(word);
    }
    if (missing.length === 0) return found;
    const { rows } = await guarded('searching the index', () =>
      this.db.query<{ w: string; l: string[] }>(
        `SELECT w, array(SELECT lexeme FROM unnest(to_tsvector('english', w))) AS l FROM unnest($1::text[]) AS w`,
        [missing],
      ),
    );
    for (const { w, l } of rows) {
      this.wordLexemes.set(w, l);
      found.set(w, l);
    }
    return found;
  }
}
