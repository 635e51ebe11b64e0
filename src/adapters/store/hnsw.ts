/**
 * The HNSW index on chunk embeddings and its search setting, in one place so that the store and the
 * retrieval benchmark (scripts/bench/retrieval.ts) use the same values.
 */

/** pgvector's build defaults (m = 16, ef_construction = 64): recall is tuned at search time below. */
export const HNSW_INDEX_SQL = 'CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops)';

/**
 * Candidates HNSW examines per query. pgvector's default of 40 measured recall@10 0.93 at 100k chunks
 * of the synthetic corpus; 100 measured 0.98 (bench/RESULTS.md, "Vector retrieval"). Below about 1k
 * chunks PostgreSQL scans exactly anyway. Set on every connection (see open-store.ts).
 */
export const HNSW_EF_SEARCH = 100;
