import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { AppError } from '../../core/errors.js';
import type {
  AnswerRecord,
  ChunkSearch,
  IndexChanges,
  IndexInfo,
  IndexLock,
  IndexPlan,
  IndexWriter,
  PurgedCounts,
  Store,
} from '../../core/ports.js';
import type { CoverageLabel, ReportData } from '../../core/report/types.js';
import type {
  AskResult,
  ChannelName,
  FeedbackInput,
  IndexCounts,
  IndexProgress,
  IndexRun,
  IndexTrigger,
  ScoredChunk,
  StoredChunk,
  Turn,
} from '../../core/types.js';
import { guarded, toDbError } from './db-errors.js';
import { GroupCommit } from './group-commit.js';
import { HNSW_INDEX_SQL } from './hnsw.js';
import { MemorySearchLoader } from './memory-search/load.js';
import { type ChunkRow, type RunRow, toChunk, toRun } from './rows.js';
import type { SqlClient } from './sql-client.js';
import { textQueryWords } from './text-query.js';

const INDEX_LOCK = 8_430_212;
/** Rows per INSERT: about 0.5 MB of statement at 512 dimensions, a few ms of the database each. */
const INSERT_BATCH = 100;
/**
 * Rows per UPDATE or DELETE of housekeeping, so that no statement holds the database for long
 * (measured on PGlite: about 25 ms for 250 rows; a question waits for at most one statement).
 */
const HOUSEKEEPING_BATCH = 250;
/** A crashed reindex blocks the next one for at most this long. */
const LEASE_SECONDS = 30;
const CHUNK_COLUMNS = 'id, source, title, section, text, ordinal, hash, url';
/** The generation readers see (NULL before the first build: nothing is live). */
const ACTIVE = '(SELECT generation FROM index_meta)';
/** Rows of the index that answers: born at or before the active generation and not retired by it. */
const LIVE = `born <= ${ACTIVE} AND (retired IS NULL OR retired > ${ACTIVE})`;
export const INTERRUPTED_ERROR =
  'Interrupted: the process stopped before the run finished. The previous index kept answering.';

/**
 * Every persistence port on PostgreSQL + pgvector. The same SQL runs on PGlite in process and on
 * any PostgreSQL through `pg`; only the SqlClient differs.
 */
export class SqlStore implements Store {
  /** PGlite is one session, where advisory locks cannot exclude callers in this process: this flag does. */
  private inProcessLock = false;
  private closed = false;

  /**
   * `exclusive`: this process alone opens the database (embedded PGlite on a folder or in memory),
   * so a lease left in it was left by a process that died, and is taken over at once.
   */
  /**
   * `hnsw`: keep an HNSW index on the embeddings (PostgreSQL). The embedded database scans exactly
   * instead: at the corpus sizes it serves that is a few milliseconds, while keeping an HNSW graph
   * up to date costs PGlite seconds per thousand changed chunks (bench/RESULTS.md).
   */
  private readonly memory: MemorySearchLoader;

  constructor(
    private readonly db: SqlClient,
    private readonly options: { exclusive?: boolean; hnsw?: boolean; binaryVectors?: boolean } = {},
  ) {
    this.memory = new MemorySearchLoader(db);
  }

  /**
   * A vector parameter. Over `pg` (`binaryVectors`), pgvector's binary format: building it costs
   * microseconds, where the text form of a 512-dimension vector is a 10 kB string whose formatting
   * held the event loop for tens of milliseconds per 100-row batch (measured).
   */
  private vectorParam(embedding: readonly number[]): string | Buffer {
    if (!this.options.binaryVectors) return pgvector.toSql([...embedding]);
    const buffer = Buffer.allocUnsafe(4 + 4 * embedding.length);
    buffer.writeInt16BE(embedding.length, 0);
    buffer.writeInt16BE(0, 2);
    for (let i = 0; i < embedding.length; i++) buffer.writeFloatBE(embedding[i] ?? 0, 4 + 4 * i);
    return buffer;
  }

  /** On open: embedded, no HNSW index (see the constructor); every run a dead process left `running` is closed. */
  async prepare(): Promise<void> {
    await guarded('preparing the index', async () => {
      if (this.options.hnsw === false) await this.db.query('DROP INDEX IF EXISTS chunks_embedding_hnsw');
      await this.closeInterruptedRuns();
    });
  }

  /**
   * Marks runs `failed` (interrupted) that no live process can finish: every one when `all` (the
   * database is this process's alone, or it holds the reindex lock), else those whose lease expired.
   */
  private async closeInterruptedRuns(all = this.options.exclusive === true && !this.inProcessLock): Promise<void> {
    await this.db.query(
      `UPDATE index_runs SET status = 'failed', finished_at = now(), progress = NULL, error = $1
        WHERE status = 'running' AND ($2 OR NOT EXISTS (SELECT 1 FROM index_lease WHERE expires_at > now()))`,
      [INTERRUPTED_ERROR, all],
    );
  }

  async ping(): Promise<void> {
    await guarded('checking the connection', () => this.db.query('SELECT 1'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }

  // --- knowledge index ------------------------------------------------------------------------

  indexInfo(): Promise<IndexInfo | null> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<{
        embedding_model: string;
        dimensions: number;
        updated_at: Date;
        documents: string;
        chunks: string;
      }>(
        `SELECT m.embedding_model, m.dimensions, m.updated_at,
                (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM chunks WHERE ${LIVE}) AS chunks
           FROM index_meta m`,
      );
      const row = rows[0];
      if (!row) return null;
      return {
        embeddingModel: row.embedding_model,
        dimensions: Number(row.dimensions),
        documents: Number(row.documents),
        chunks: Number(row.chunks),
        updatedAt: new Date(row.updated_at),
      };
    });
  }

  indexGeneration(): Promise<number | null> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<{ generation: string }>('SELECT generation FROM index_meta');
      const row = rows[0];
      return row ? Number(row.generation) : null;
    });
  }

  chunkHashes(): Promise<Set<string>> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<{ hash: string }>(`SELECT hash FROM chunks WHERE ${LIVE}`);
      return new Set(rows.map((r) => r.hash));
    });
  }

  chunkKeys(): Promise<Array<{ source: string; hash: string }>> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<{ source: string; hash: string }>(
        `SELECT source, hash FROM chunks WHERE ${LIVE}`,
      );
      return rows;
    });
  }

  allChunks(): Promise<StoredChunk[]> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE ${LIVE} ORDER BY source, ordinal, id`,
      );
      return rows.map(toChunk);
    });
  }

  /**
   * Two layers: a session advisory lock (real PostgreSQL releases it when a process dies) and a
   * lease row with an expiry, renewed while the reindex runs, which also holds where connections
   * share one session (PGlite served over a socket).
   */
  async tryLockIndex(): Promise<IndexLock | null> {
    if (this.inProcessLock) return null;
    this.inProcessLock = true;
    const holder = randomUUID();
    let session: { client: SqlClient; release(): Promise<void> } | undefined;
    try {
      session = await this.db.session();
      const { rows } = await session.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        INDEX_LOCK,
      ]);
      const leased = rows[0]?.locked ? await this.takeLease(holder) : false;
      if (!leased) {
        if (rows[0]?.locked) await session.client.query('SELECT pg_advisory_unlock($1)', [INDEX_LOCK]);
        await session.release();
        this.inProcessLock = false;
        return null;
      }
      // Holding the lock proves no run is alive: rows still "running" were interrupted.
      await this.closeInterruptedRuns(true);
    } catch (error) {
      await session?.release().catch(() => {});
      this.inProcessLock = false;
      throw toDbError(error, 'locking the index');
    }
    const held = session;
    const renew = setInterval(
      () => {
        this.db
          .query(`UPDATE index_lease SET expires_at = now() + make_interval(secs => $2) WHERE holder = $1`, [
            holder,
            LEASE_SECONDS,
          ])
          .catch(() => {});
      },
      (LEASE_SECONDS * 1000) / 3,
    );
    renew.unref();
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        this.inProcessLock = false;
        try {
          await this.db.query('DELETE FROM index_lease WHERE holder = $1', [holder]);
          await held.client.query('SELECT pg_advisory_unlock($1)', [INDEX_LOCK]);
        } catch {
          // A lost connection releases the session lock by itself. The lease is retried until the
          // database is back, so that the next reindex need not wait for the lease to expire.
          this.dropLeaseLater(holder);
        } finally {
          await held.release();
        }
      },
    };
  }

  private async takeLease(holder: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO index_lease (id, holder, expires_at) VALUES (true, $1, now() + make_interval(secs => $2))
       ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE index_lease.expires_at < now() OR $3
       RETURNING holder`,
      [holder, LEASE_SECONDS, this.options.exclusive === true],
    );
    return rows.length === 1;
  }

  /** Deletes a lease whose release failed, once the database answers again (it expires anyway). */
  private dropLeaseLater(holder: string): void {
    const deadline = Date.now() + LEASE_SECONDS * 1000;
    const attempt = () => {
      if (this.closed || Date.now() > deadline) return;
      this.db.query('DELETE FROM index_lease WHERE holder = $1', [holder]).catch(() => {
        setTimeout(attempt, 500).unref();
      });
    };
    setTimeout(attempt, 500).unref();
  }

  async applyChanges(changes: IndexChanges): Promise<void> {
    const writer = await this.beginChanges(changes);
    try {
      await writer.retire(changes.deleteHashes);
      for (let i = 0; i < changes.insert.length; i += INSERT_BATCH) {
        await writer.insert(changes.insert.slice(i, i + INSERT_BATCH));
      }
      await writer.commit();
    } catch (error) {
      await writer.abort().catch(() => {});
      throw error;
    }
  }

  /**
   * Starts a new generation. Rows a dead run left behind (never switched to, or retired and not yet
   * removed) are cleared first. Replacing everything (another embedder) empties the index at once:
   * the old vectors cannot answer the new embedder's queries anyway.
   */
  beginChanges(plan: IndexPlan): Promise<IndexWriter> {
    return guarded('writing the index', async () => {
      const dims = Math.trunc(plan.dimensions);
      if (!(dims > 0 && dims <= 16_000))
        throw new AppError('db_error', `Invalid embedding dimension ${plan.dimensions}.`);
      if (plan.replaceAll) {
        await this.db.transaction(async (tx) => {
          await tx.query('DROP INDEX IF EXISTS chunks_embedding_hnsw');
          await tx.query('DELETE FROM index_meta');
          await tx.query('TRUNCATE chunks');
          await tx.query(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${dims})`);
        });
      } else {
        await this.housekeep(`born > COALESCE(${ACTIVE}, -1) OR retired <= ${ACTIVE}`);
        await this.db.query(`UPDATE chunks SET retired = NULL WHERE retired IS NOT NULL AND retired > ${ACTIVE}`);
      }
      const { rows } = await this.db.query<{ generation: string }>("SELECT nextval('index_generation') AS generation");
      const generation = Number(rows[0]?.generation);
      // New documents now (chunks refer to them), without their metadata changing anything readers
      // see; commit updates the rest and removes documents that are gone; abort removes these again.
      const added: string[] = [];
      for (let i = 0; i < plan.documents.length; i += HOUSEKEEPING_BATCH) {
        const batch = plan.documents.slice(i, i + HOUSEKEEPING_BATCH);
        const inserted = await this.db.query<{ source: string }>(
          `INSERT INTO documents (source, title, url, hash)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           ON CONFLICT (source) DO NOTHING RETURNING source`,
          documentColumns(batch),
        );
        added.push(...inserted.rows.map((r) => r.source));
      }
      return this.writer(plan, dims, generation, added);
    });
  }

  private writer(plan: IndexPlan, dims: number, generation: number, added: readonly string[]): IndexWriter {
    return {
      insert: (rows) =>
        guarded('writing the index', async () => {
          for (let i = 0; i < rows.length; i += INSERT_BATCH)
            await this.insertRows(rows.slice(i, i + INSERT_BATCH), dims, generation);
        }),
      retire: (hashes) =>
        guarded('writing the index', async () => {
          for (let i = 0; i < hashes.length; i += HOUSEKEEPING_BATCH) {
            await this.db.query(`UPDATE chunks SET retired = $2 WHERE hash = ANY($1::text[]) AND ${LIVE}`, [
              hashes.slice(i, i + HOUSEKEEPING_BATCH),
              generation,
            ]);
          }
        }),
      commit: () =>
        guarded('writing the index', async () => {
          await this.db.transaction(async (tx) => {
            await tx.query(
              `INSERT INTO index_meta (id, embedding_model, dimensions, generation) VALUES (true, $1, $2, $3)
               ON CONFLICT (id) DO UPDATE SET embedding_model = EXCLUDED.embedding_model,
                 dimensions = EXCLUDED.dimensions, generation = EXCLUDED.generation, updated_at = now()`,
              [plan.embeddingModel, dims, generation],
            );
            await tx.query(
              `INSERT INTO documents (source, title, url, hash)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
               ON CONFLICT (source) DO UPDATE SET title = EXCLUDED.title, url = EXCLUDED.url, hash = EXCLUDED.hash,
                 updated_at = CASE WHEN documents.hash = EXCLUDED.hash THEN documents.updated_at ELSE now() END`,
              documentColumns(plan.documents),
            );
            await tx.query('DELETE FROM documents WHERE NOT (source = ANY($1::text[]))', [
              plan.documents.map((d) => d.source),
            ]);
          });
          await this.housekeep(`retired <= ${ACTIVE}`);
          // HNSW indexes at most 2,000 dimensions; beyond that search scans exactly. Built once on a
          // full rebuild (loading first, then building, is several times faster), kept up to date after.
          if (this.options.hnsw !== false && dims <= 2000) {
            await this.db.query(HNSW_INDEX_SQL.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
          }
        }),
      abort: () =>
        guarded('writing the index', async () => {
          await this.housekeep(`born = ${generation}`);
          await this.db.query('UPDATE chunks SET retired = NULL WHERE retired = $1', [generation]);
          if (added.length) await this.db.query('DELETE FROM documents WHERE source = ANY($1::text[])', [[...added]]);
        }),
    };
  }

  /** Deletes the rows `where` selects, a batch per statement. */
  private async housekeep(where: string): Promise<void> {
    for (;;) {
      const { rows } = await this.db.query(
        `DELETE FROM chunks WHERE id IN (SELECT id FROM chunks WHERE ${where} LIMIT ${HOUSEKEEPING_BATCH}) RETURNING id`,
      );
      if (rows.length < HOUSEKEEPING_BATCH) return;
    }
  }

  private async insertRows(batch: IndexChanges['insert'], dims: number, generation: number): Promise<void> {
    if (batch.length === 0) return;
    const values: unknown[] = [generation];
    const tuples = batch.map(({ chunk, embedding }, j) => {
      if (embedding.length !== dims) {
        throw new AppError(
          'db_error',
          `An embedding has ${embedding.length} dimensions where the index expects ${dims}; nothing was written.`,
        );
      }
      values.push(chunk.source, chunk.title, chunk.section, chunk.text, chunk.ordinal, chunk.hash, chunk.url ?? null);
      values.push(this.vectorParam(embedding));
      const b = 1 + j * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::vector, $1)`;
    });
    await this.db.query(
      `INSERT INTO chunks (source, title, section, text, ordinal, hash, url, embedding, born) VALUES ${tuples.join(', ')}
       ON CONFLICT (hash, born) DO NOTHING`,
      values,
    );
  }

  /** See MemorySearchLoader. */
  memorySearch(chunks: readonly StoredChunk[], previous: ChunkSearch | null): Promise<ChunkSearch | null> {
    return this.memory.load(chunks, previous);
  }

  searchByVector(embedding: readonly number[], k: number): Promise<ScoredChunk[]> {
    if (embedding.length === 0) return Promise.resolve([]);
    return guarded('searching the index', async () => {
      const { rows } = await this.db.query<ChunkRow & { score: number }>(
        `SELECT ${CHUNK_COLUMNS}, 1 - (embedding <=> $1::vector) AS score
           FROM chunks WHERE ${LIVE} ORDER BY embedding <=> $1::vector LIMIT $2`,
        [this.vectorParam(embedding), k],
      );
      return rows.map((r) => ({ ...toChunk(r), score: Number(r.score) }));
    });
  }

  searchByText(terms: readonly string[], k: number): Promise<ScoredChunk[]> {
    const words = textQueryWords(terms);
    if (words.length === 0) return Promise.resolve([]);
    return guarded('searching the index', async () => {
      // Words are letters and digits only, so no tsquery operator can come from input; they are OR-ed
      // and the query is built once (materialized), not once per row. Ranking carries only ids; the
      // text of the top k is read afterwards (sorting wide rows cost more than the ranking itself).
      const { rows } = await this.db.query<ChunkRow & { score: number }>(
        `WITH q AS MATERIALIZED (
           SELECT to_tsquery('english', string_agg(w, ' | ')) AS query FROM unnest($1::text[]) AS w
         ), top AS (
           SELECT id, ts_rank_cd(tsv, q.query) AS score FROM chunks, q
            WHERE tsv @@ q.query AND ${LIVE} ORDER BY score DESC, id LIMIT $2
         )
         SELECT ${CHUNK_COLUMNS.replace(/(\w+)/g, 'c.$1')}, top.score
           FROM top JOIN chunks c USING (id)
          ORDER BY top.score DESC, c.id`,
        [words, k],
      );
      return rows.map((r) => ({ ...toChunk(r), score: Number(r.score) }));
    });
  }

  // --- audit ----------------------------------------------------------------------------------

  startRun(input: { actor: string; trigger: IndexTrigger }): Promise<number> {
    return guarded('recording the reindex', async () => {
      const { rows } = await this.db.query<{ id: string }>(
        `INSERT INTO index_runs (actor, trigger, status) VALUES ($1, $2, 'running') RETURNING id`,
        [input.actor, input.trigger],
      );
      return Number(rows[0]?.id);
    });
  }

  finishRun(
    id: number,
    outcome:
      | { status: 'succeeded'; counts: IndexCounts; warnings: readonly string[] }
      | { status: 'failed' | 'cancelled'; error: string; warnings: readonly string[] },
  ): Promise<void> {
    return guarded('recording the reindex', async () => {
      await this.db.query(
        `UPDATE index_runs SET status = $2, finished_at = now(), progress = NULL,
                duration_ms = (extract(epoch FROM (now() - started_at)) * 1000)::integer,
                counts = $3::jsonb, error = $4, warnings = $5::jsonb
          WHERE id = $1`,
        [
          id,
          outcome.status,
          outcome.status === 'succeeded' ? JSON.stringify(outcome.counts) : null,
          outcome.status === 'succeeded' ? null : outcome.error,
          JSON.stringify(outcome.warnings),
        ],
      );
    });
  }

  reportProgress(id: number, progress: IndexProgress): Promise<void> {
    return guarded('recording the reindex', async () => {
      await this.db.query(`UPDATE index_runs SET progress = $2::jsonb WHERE id = $1 AND status = 'running'`, [
        id,
        JSON.stringify(progress),
      ]);
    });
  }

  recentRuns(limit: number): Promise<IndexRun[]> {
    return guarded('reading the reindex log', async () => {
      await this.closeInterruptedRuns();
      const { rows } = await this.db.query<RunRow>('SELECT * FROM index_runs ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map(toRun);
    });
  }

  // --- answers and feedback -------------------------------------------------------------------

  recordAnswer(input: AnswerRecord): Promise<void> {
    return this.answers.submit(input);
  }

  /** Answers given at the same moment are stored by one statement (measured: the INSERT was the largest cost of a cached answer). */
  private readonly answers = new GroupCommit<AnswerRecord>((batch) =>
    guarded('recording the answer', async () => {
      const column = <T>(pick: (input: (typeof batch)[number]) => T) => batch.map(pick);
      await this.db.query(
        `INSERT INTO answers (answer_id, channel, question, answer, abstained, citations, user_id, coverage, gap, total_ms)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[], $7::text[],
           $8::text[], $9::text[], $10::integer[])
         ON CONFLICT (answer_id) DO NOTHING`,
        [
          column((i) => i.answerId),
          column((i) => i.channel),
          column((i) => i.result.question),
          column((i) => i.result.answer),
          column((i) => i.result.abstained),
          column((i) => JSON.stringify(i.result.citations.map(({ text: _text, ...rest }) => rest))),
          column((i) => i.user ?? null),
          column((i) => i.result.coverage),
          column((i) => gapOf(i.result)),
          column((i) => Math.round(i.result.timings_ms.total)),
        ],
      );
    }),
  );

  recordFeedback(input: FeedbackInput): Promise<void> {
    return guarded('recording feedback', async () => {
      const { rows } = await this.db.query('SELECT 1 FROM answers WHERE answer_id = $1', [input.answerId]);
      if (rows.length === 0) {
        throw new AppError(
          'not_found',
          `No answer with id ${input.answerId.slice(0, 100)}: feedback must refer to an answer the advisor gave.`,
        );
      }
      const params = [input.answerId, input.vote, input.comment ?? null, input.user ?? null, input.channel];
      if (input.user) {
        await this.db.query(
          `INSERT INTO feedback (answer_id, vote, comment, user_id, channel) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (answer_id, user_id) WHERE user_id IS NOT NULL
           DO UPDATE SET vote = EXCLUDED.vote, comment = COALESCE(EXCLUDED.comment, feedback.comment), created_at = now()`,
          params,
        );
      } else {
        await this.db.query(
          'INSERT INTO feedback (answer_id, vote, comment, user_id, channel) VALUES ($1, $2, $3, $4, $5)',
          params,
        );
      }
    });
  }

  // --- chat events, rate limits, conversations ------------------------------------------------

  claimEvent(key: string): Promise<boolean> {
    return guarded('deduplicating a chat event', async () => {
      if (Math.random() < 0.01)
        await this.db.query(`DELETE FROM chat_events WHERE claimed_at < now() - interval '2 days'`);
      const { rows } = await this.db.query(
        'INSERT INTO chat_events (key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING key',
        [key],
      );
      return rows.length === 1;
    });
  }

  hit(key: string, windowSeconds: number): Promise<number> {
    const window = Math.max(1, Math.trunc(windowSeconds));
    const windowStart = Math.floor(Date.now() / 1000 / window) * window;
    return guarded('counting requests', async () => {
      if (Math.random() < 0.01)
        await this.db.query('DELETE FROM rate_hits WHERE window_start < $1', [windowStart - 86_400]);
      const { rows } = await this.db.query<{ count: number }>(
        `INSERT INTO rate_hits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_hits.count + 1 RETURNING count`,
        [key, windowStart],
      );
      return Number(rows[0]?.count ?? 1);
    });
  }

  appendTurn(conversationId: string, turn: Turn): Promise<void> {
    return guarded('saving the conversation', async () => {
      await this.db.query('INSERT INTO conversation_turns (conversation_id, question, answer) VALUES ($1, $2, $3)', [
        conversationId,
        turn.question,
        turn.answer,
      ]);
    });
  }

  recentTurns(conversationId: string, limit: number): Promise<Turn[]> {
    return guarded('reading the conversation', async () => {
      const { rows } = await this.db.query<Turn>(
        `SELECT question, answer FROM (
           SELECT id, question, answer FROM conversation_turns WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2
         ) latest ORDER BY id`,
        [conversationId, limit],
      );
      return rows.map((r) => ({ question: r.question, answer: r.answer }));
    });
  }

  pruneTurns(olderThan: Date): Promise<number> {
    return guarded('pruning conversations', async () => {
      const { rows } = await this.db.query('DELETE FROM conversation_turns WHERE created_at < $1 RETURNING id', [
        olderThan,
      ]);
      return rows.length;
    });
  }

  // --- knowledge-gap report -------------------------------------------------------------------

  reportData(since: Date): Promise<ReportData> {
    return guarded('reading the answer history', async () => {
      const q = async <T extends object>(sql: string, params: unknown[] = [since]) =>
        (await this.db.query<T>(sql, params)).rows;
      const perDay = await q<{ day: string; questions: string }>(
        `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, count(*) AS questions
         FROM answers WHERE created_at >= $1 GROUP BY 1 ORDER BY 1`,
      );
      const perChannel = await q<{ channel: string; coverage: string | null; abstained: boolean; questions: string }>(
        `SELECT channel, coverage, abstained, count(*) AS questions FROM answers WHERE created_at >= $1
         GROUP BY channel, coverage, abstained`,
      );
      const feedback = await q<{ vote: 'up' | 'down'; count: string }>(
        'SELECT vote, count(*) AS count FROM feedback WHERE created_at >= $1 GROUP BY vote',
      );
      const comments = await q<{ vote: 'up' | 'down'; comment: string; question: string; at: Date }>(
        `SELECT f.vote, f.comment, a.question, f.created_at AS at FROM feedback f JOIN answers a USING (answer_id)
         WHERE f.created_at >= $1 AND f.comment IS NOT NULL AND f.comment <> ''
         ORDER BY f.created_at DESC LIMIT 50`,
      );
      const cited = await q<{ source: string; title: string; section: string; citations: string }>(
        `SELECT c->>'source' AS source, min(c->>'title') AS title, c->>'section' AS section, count(*) AS citations
         FROM answers, jsonb_array_elements(citations) AS c
         WHERE created_at >= $1 GROUP BY c->>'source', c->>'section'`,
      );
      const unanswered = await q<{ question: string; coverage: 'partial' | 'not_covered'; gap: string | null }>(
        `SELECT question, COALESCE(coverage, 'not_covered') AS coverage, gap FROM answers
         WHERE created_at >= $1 AND (coverage IN ('partial', 'not_covered') OR (coverage IS NULL AND abstained))
         ORDER BY created_at DESC LIMIT 5000`,
      );
      const [median] = await q<{ ms: number | null }>(
        'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms) AS ms FROM answers WHERE created_at >= $1',
      );
      return {
        perDay: perDay.map((r) => ({ day: r.day, questions: Number(r.questions) })),
        perChannel: perChannel.map((r) => ({
          channel: r.channel,
          coverage: toCoverage(r.coverage, r.abstained),
          questions: Number(r.questions),
        })),
        feedback: feedback.map((r) => ({ vote: r.vote, count: Number(r.count) })),
        comments: comments.map((r) => ({
          vote: r.vote,
          comment: r.comment,
          question: r.question,
          at: new Date(r.at).toISOString(),
        })),
        citedSections: cited.map((r) => ({
          source: r.source,
          title: r.title,
          section: r.section,
          citations: Number(r.citations),
        })),
        unanswered,
        medianAnswerMs: median?.ms == null ? null : Math.round(Number(median.ms)),
      };
    });
  }

  // --- retention ---------------------------------------------------------------------------

  purgeOlderThan(olderThan: Date): Promise<PurgedCounts> {
    return guarded('purging old records', async () => {
      // Feedback and message links of a purged answer go with it (ON DELETE CASCADE).
      const count = async (sql: string) => (await this.db.query(sql, [olderThan])).rows.length;
      const feedback = await count('DELETE FROM feedback WHERE created_at < $1 RETURNING id');
      const answers = await count('DELETE FROM answers WHERE created_at < $1 RETURNING answer_id');
      const chatEvents = await count('DELETE FROM chat_events WHERE claimed_at < $1 RETURNING key');
      const indexRuns = await count(
        `DELETE FROM index_runs WHERE started_at < $1 AND status <> 'running' RETURNING id`,
      );
      return { answers, feedback, chatEvents, indexRuns };
    });
  }

  // --- chat messages that carry answers (Teams feedback) ---------------------------------------

  linkMessage(input: { channel: ChannelName; messageRef: string; answerId: string }): Promise<void> {
    return guarded('linking the message to its answer', async () => {
      await this.db.query(
        `INSERT INTO answer_messages (channel, message_ref, answer_id) VALUES ($1, $2, $3)
         ON CONFLICT (channel, message_ref) DO UPDATE SET answer_id = EXCLUDED.answer_id, created_at = now()`,
        [input.channel, input.messageRef, input.answerId],
      );
    });
  }

  answerForMessage(channel: ChannelName, messageRef: string): Promise<string | null> {
    return guarded('finding the answer of a message', async () => {
      const { rows } = await this.db.query<{ answer_id: string }>(
        'SELECT answer_id FROM answer_messages WHERE channel = $1 AND message_ref = $2',
        [channel, messageRef],
      );
      return rows[0]?.answer_id ?? null;
    });
  }
}

/** Documents as the four arrays an `unnest` insert takes. */
function documentColumns(documents: IndexPlan['documents']): unknown[] {
  return [
    documents.map((d) => d.source),
    documents.map((d) => d.title),
    documents.map((d) => d.url ?? null),
    documents.map((d) => d.hash),
  ];
}

const COVERAGES: readonly CoverageLabel[] = ['answered', 'partial', 'not_covered'];

function toCoverage(stored: string | null, abstained: boolean): CoverageLabel {
  return COVERAGES.find((c) => c === stored) ?? (abstained ? 'not_covered' : 'answered');
}

/** What the advisor said was missing, when it said so (bounded: it quotes the question's words). */
function gapOf(result: AskResult): string | null {
  return result.gap?.trim() ? result.gap.slice(0, 500) : null;
}
