/**
 * The HNSW index on chunk embeddings and its search setting, in one place so that the store and the
 * retrieval benchmark (scripts/bench/retrieval.ts) use the same values.
 */

/** pgvector's defaults (m = 16, ef_construction = 64) measured enough recall; see bench/RESULTS.md. */
export const HNSW_INDEX_SQL = 'CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops)';
