/**
 * The HNSW search setting that the retrieval benchmark tuned reaches the database on the `pg` path
 * (each new pool connection sets it before first use).
 */
import { describe, expect, it } from 'vitest';
import { HNSW_EF_SEARCH } from '../../src/adapters/store/hnsw.js';
import { openStore } from '../../src/adapters/store/open-store.js';
import { silentLogger } from '../../src/core/ports.js';
import { startPgliteServer } from '../support/pglite-server.js';

describe('HNSW search setting', () => {
  it(`pool connections search with hnsw.ef_search = ${HNSW_EF_SEARCH} instead of pgvector's default 40`, async () => {
    const db = await startPgliteServer();
    try {
      await db.db.query('CREATE EXTENSION IF NOT EXISTS vector');
      expect((await db.db.query<{ 'hnsw.ef_search': string }>('SHOW hnsw.ef_search')).rows[0]).toEqual({
        'hnsw.ef_search': '40',
      });
      const store = await openStore({ kind: 'postgres', url: db.url }, { logger: silentLogger });
      await store.ping();
      // pglite-socket serves every connection from PGlite's one session, so the setting is visible here.
      expect((await db.db.query<{ 'hnsw.ef_search': string }>('SHOW hnsw.ef_search')).rows[0]).toEqual({
        'hnsw.ef_search': String(HNSW_EF_SEARCH),
      });
      await store.close();
    } finally {
      await db.close();
    }
  });
});
