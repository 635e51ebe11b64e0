import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { AppError } from '../../core/errors.js';
import type { AnswerGap, IndexChanges, IndexInfo, IndexLock, Store } from '../../core/ports.js';
import type {
  AskResult,
  ChannelName,
  FeedbackInput,
  IndexCounts,
  IndexRun,
  IndexTrigger,
  ScoredChunk,
  StoredChunk,
  Turn,
} from '../../core/types.js';
import { guarded, toDbError } from './db-errors.js';
import { GroupCommit } from './group-commit.js';
import { HNSW_INDEX_SQL } from './hnsw.js';
import { type ChunkRow, type RunRow, toChunk, toRun } from './rows.js';
import type { SqlClient } from './sql-client.js';

const INDEX_LOCK = 8_430_212;
const INSERT_BATCH = 200;
/** A crashed reindex blocks the next one for at most this long. */
const LEASE_SECONDS = 30;
const CHUNK_COLUMNS = 'id, source, title, section, text, ordinal, hash, url';

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
  constructor(
    private readonly db: SqlClient,
    private readonly options: { exclusive?: boolean } = {},
  ) {}

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
                (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM chunks) AS chunks
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

  chunkHashes(): Promise<Set<string>> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<{ hash: string }>('SELECT hash FROM chunks');
      return new Set(rows.map((r) => r.hash));
    });
  }

  allChunks(): Promise<StoredChunk[]> {
    return guarded('reading the index', async () => {
      const { rows } = await this.db.query<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks ORDER BY source, ordinal, id`,
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
      await this.db.query(
        `UPDATE index_runs SET status = 'failed', finished_at = now(),
                error = 'Interrupted: the process stopped before the run finished. The previous index kept answering.'
          WHERE status = 'running'`,
      );
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

  applyChanges(changes: IndexChanges): Promise<void> {
    return guarded('writing the index', () =>
      this.db.transaction(async (tx) => {
        if (changes.replaceAll) {
          const dims = Math.trunc(changes.dimensions);
          if (!(dims > 0 && dims <= 16_000))
            throw new AppError('db_error', `Invalid embedding dimension ${changes.dimensions}.`);
          await tx.query('DROP INDEX IF EXISTS chunks_embedding_hnsw');
          await tx.query('DELETE FROM chunks');
          await tx.query(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${dims})`);
        }
        for (const d of changes.documents) {
          await tx.query(
            `INSERT INTO documents (source, title, url, hash) VALUES ($1, $2, $3, $4)
             ON CONFLICT (source) DO UPDATE SET title = EXCLUDED.title, url = EXCLUDED.url, hash = EXCLUDED.hash,
               updated_at = CASE WHEN documents.hash = EXCLUDED.hash THEN documents.updated_at ELSE now() END`,
            [d.source, d.title, d.url ?? null, d.hash],
          );
        }
        await tx.query('DELETE FROM documents WHERE NOT (source = ANY($1::text[]))', [
          changes.documents.map((d) => d.source),
        ]);
        if (changes.deleteHashes.length) {
          await tx.query('DELETE FROM chunks WHERE hash = ANY($1::text[])', [[...changes.deleteHashes]]);
        }
        for (let i = 0; i < changes.insert.length; i += INSERT_BATCH) {
          const batch = changes.insert.slice(i, i + INSERT_BATCH);
          const values: unknown[] = [];
          const tuples = batch.map(({ chunk, embedding }, j) => {
            if (embedding.length !== changes.dimensions) {
              throw new AppError(
                'db_error',
                `An embedding has ${embedding.length} dimensions where the index expects ${changes.dimensions}; nothing was written.`,
              );
            }
            values.push(
              chunk.source,
              chunk.title,
              chunk.section,
              chunk.text,
              chunk.ordinal,
              chunk.hash,
              chunk.url ?? null,
            );
            values.push(pgvector.toSql([...embedding]));
            const b = j * 8;
            return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::vector)`;
          });
          await tx.query(
            `INSERT INTO chunks (source, title, section, text, ordinal, hash, url, embedding) VALUES ${tuples.join(', ')}
             ON CONFLICT (hash) DO NOTHING`,
            values,
          );
        }
        // A full rebuild loads the rows first and builds the graph once: several times faster than
        // inserting into an existing index. HNSW indexes at most 2,000 dimensions; beyond that search
        // falls back to an exact scan.
        if (changes.replaceAll && Math.trunc(changes.dimensions) <= 2000) await tx.query(HNSW_INDEX_SQL);
        await tx.query(
          `INSERT INTO index_meta (id, embedding_model, dimensions) VALUES (true, $1, $2)
           ON CONFLICT (id) DO UPDATE SET embedding_model = EXCLUDED.embedding_model, dimensions = EXCLUDED.dimensions, updated_at = now()`,
          [changes.embeddingModel, changes.dimensions],
        );
      }),
    );
  }

  searchByVector(embedding: readonly number[], k: number): Promise<ScoredChunk[]> {
    if (embedding.length === 0) return Promise.resolve([]);
    return guarded('searching the index', async () => {
      const { rows } = await this.db.query<ChunkRow & { score: number }>(
        `SELECT ${CHUNK_COLUMNS}, 1 - (embedding <=> $1::vector) AS score
           FROM chunks ORDER BY embedding <=> $1::vector LIMIT $2`,
        [pgvector.toSql([...embedding]), k],
      );
      return rows.map((r) => ({ ...toChunk(r), score: Number(r.score) }));
    });
  }

  searchByText(terms: readonly string[], k: number): Promise<ScoredChunk[]> {
    const words = [...new Set(terms.flatMap((t) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []))].slice(0, 64);
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
            WHERE tsv @@ q.query ORDER BY score DESC, id LIMIT $2
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
      | { status: 'failed'; error: string; warnings: readonly string[] },
  ): Promise<void> {
    return guarded('recording the reindex', async () => {
      await this.db.query(
        `UPDATE index_runs SET status = $2, finished_at = now(),
                duration_ms = (extract(epoch FROM (now() - started_at)) * 1000)::integer,
                counts = $3::jsonb, error = $4, warnings = $5::jsonb
          WHERE id = $1`,
        [
          id,
          outcome.status,
          outcome.status === 'succeeded' ? JSON.stringify(outcome.counts) : null,
          outcome.status === 'failed' ? outcome.error : null,
          JSON.stringify(outcome.warnings),
        ],
      );
    });
  }

  recentRuns(limit: number): Promise<IndexRun[]> {
    return guarded('reading the reindex log', async () => {
      const { rows } = await this.db.query<RunRow>('SELECT * FROM index_runs ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map(toRun);
    });
  }

  // --- answers and feedback -------------------------------------------------------------------

  recordAnswer(input: { answerId: string; channel: ChannelName; result: AskResult }): Promise<void> {
    return this.answers.submit(input);
  }

  /** Answers given at the same moment are stored by one statement (measured: the INSERT was the largest cost of a cached answer). */
  private readonly answers = new GroupCommit<{ answerId: string; channel: ChannelName; result: AskResult }>((batch) =>
    guarded('recording the answer', async () => {
      const column = <T>(pick: (input: (typeof batch)[number]) => T) => batch.map(pick);
      await this.db.query(
        `INSERT INTO answers (answer_id, channel, question, answer, abstained, citations, coverage, gap)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[], $7::text[], $8::text[])
         ON CONFLICT (answer_id) DO NOTHING`,
        [
          column((i) => i.answerId),
          column((i) => i.channel),
          column((i) => i.result.question),
          column((i) => i.result.answer),
          column((i) => i.result.abstained),
          column((i) => JSON.stringify(i.result.citations.map(({ text: _text, ...rest }) => rest))),
          column((i) => i.result.coverage),
          column((i) => i.result.gap ?? null),
        ],
      );
    }),
  );

  recentGaps(limit: number): Promise<AnswerGap[]> {
    return guarded('reading the knowledge gaps', async () => {
      const { rows } = await this.db.query<{
        answer_id: string;
        question: string;
        coverage: 'partial' | 'not_covered';
        gap: string | null;
        channel: string;
        created_at: Date | string;
      }>(
        `SELECT answer_id, question, coverage, gap, channel, created_at FROM answers
         WHERE coverage <> 'answered' ORDER BY created_at DESC, answer_id LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        answerId: r.answer_id,
        question: r.question,
        coverage: r.coverage,
        gap: r.gap,
        channel: r.channel,
        createdAt: new Date(r.created_at),
      }));
    });
  }

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
