import type { SqlClient } from './sql-client.js';

/** Ordered, append-only. Never edit a migration that has shipped: add the next one. */
export const MIGRATIONS: ReadonlyArray<{ readonly id: number; readonly name: string; readonly sql: string }> = [
  {
    id: 1,
    name: 'knowledge index, audit, answers and feedback, chat events, conversation turns',
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;

      CREATE TABLE index_meta (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        embedding_model text NOT NULL,
        dimensions integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE documents (
        source text PRIMARY KEY,
        title text NOT NULL,
        url text,
        hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The embedding column gets its dimension (and HNSW index) from the first index build.
      CREATE TABLE chunks (
        id bigserial PRIMARY KEY,
        source text NOT NULL REFERENCES documents (source) ON DELETE CASCADE,
        title text NOT NULL,
        section text NOT NULL,
        text text NOT NULL,
        ordinal integer NOT NULL,
        hash text NOT NULL UNIQUE,
        url text,
        embedding vector NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title || ' ' || section), 'A') || to_tsvector('english', text)
        ) STORED
      );
      CREATE INDEX chunks_tsv_gin ON chunks USING gin (tsv);
      CREATE INDEX chunks_source ON chunks (source, ordinal);

      CREATE TABLE index_runs (
        id bigserial PRIMARY KEY,
        actor text NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        duration_ms integer,
        counts jsonb,
        error text,
        warnings jsonb NOT NULL DEFAULT '[]'
      );

      CREATE TABLE answers (
        answer_id text PRIMARY KEY,
        channel text NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        abstained boolean NOT NULL,
        citations jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE feedback (
        id bigserial PRIMARY KEY,
        answer_id text NOT NULL REFERENCES answers (answer_id) ON DELETE CASCADE,
        vote text NOT NULL CHECK (vote IN ('up', 'down')),
        comment text,
        user_id text,
        channel text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- One vote per user and answer (a second click changes it), anonymous votes are all kept.
      CREATE UNIQUE INDEX feedback_one_per_user ON feedback (answer_id, user_id) WHERE user_id IS NOT NULL;

      CREATE TABLE chat_events (
        key text PRIMARY KEY,
        claimed_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE rate_hits (
        key text NOT NULL,
        window_start bigint NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (key, window_start)
      );

      CREATE TABLE conversation_turns (
        id bigserial PRIMARY KEY,
        conversation_id text NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX conversation_turns_by_conversation ON conversation_turns (conversation_id, id);
    `,
  },
  {
    id: 2,
    name: 'reindex lease (holds on backends where connections share a session, e.g. PGlite over a socket)',
    sql: `
      CREATE TABLE index_lease (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        holder text NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `,
  },
  {
    id: 3,
    name: 'chat messages that carry an answer (Teams feedback names the message, not the answer)',
    sql: `
      CREATE TABLE answer_messages (
        channel text NOT NULL,
        message_ref text NOT NULL,
        answer_id text NOT NULL REFERENCES answers (answer_id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, message_ref)
      );
    `,
  },
  {
    id: 4,
    name: 'index generations (a reindex writes in batches, invisible until one switch), cancelled runs, run progress',
    sql: `
      -- A chunk is live while born <= the active generation < retired. A reindex writes its rows
      -- under the next generation and switches index_meta.generation at the end, in one statement.
      CREATE SEQUENCE index_generation;
      ALTER TABLE index_meta ADD COLUMN generation bigint NOT NULL DEFAULT 0;
      ALTER TABLE chunks ADD COLUMN born bigint NOT NULL DEFAULT 0;
      ALTER TABLE chunks ADD COLUMN retired bigint;
      ALTER TABLE chunks DROP CONSTRAINT chunks_hash_key;
      CREATE UNIQUE INDEX chunks_hash_born ON chunks (hash, born);
      CREATE INDEX chunks_retired ON chunks (retired) WHERE retired IS NOT NULL;

      ALTER TABLE index_runs DROP CONSTRAINT index_runs_status_check;
      ALTER TABLE index_runs ADD CONSTRAINT index_runs_status_check
        CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'));
      ALTER TABLE index_runs ADD COLUMN progress jsonb;
    `,
  },
  {
    id: 6,
    name: 'who asked (web behind a sign-in proxy, chat user ids), and indexes for the retention purge',
    sql: `
      ALTER TABLE answers ADD COLUMN IF NOT EXISTS user_id text;
      CREATE INDEX IF NOT EXISTS answers_created_at ON answers (created_at);
      CREATE INDEX IF NOT EXISTS feedback_created_at ON feedback (created_at);
      CREATE INDEX IF NOT EXISTS index_runs_started_at ON index_runs (started_at);
    `,
  },
  {
    id: 7,
    name: 'how each answer covered its question, what was missing, and how long it took (knowledge-gap report)',
    sql: `
      ALTER TABLE answers ADD COLUMN IF NOT EXISTS coverage text;
      ALTER TABLE answers ADD COLUMN IF NOT EXISTS gap text;
      ALTER TABLE answers ADD COLUMN IF NOT EXISTS total_ms integer;
      UPDATE answers SET coverage = CASE WHEN abstained THEN 'not_covered' ELSE 'answered' END WHERE coverage IS NULL;
      CREATE INDEX IF NOT EXISTS answers_by_coverage ON answers (coverage, created_at) WHERE coverage <> 'answered';
    `,
  },
];

/** Any fixed number works: it only has to be the same in every process that migrates this database. */
const MIGRATION_LOCK = 8_430_211;

/** Applies pending migrations in one transaction; concurrent starters wait on an advisory lock. */
export async function migrate(db: SqlClient): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.id)));
    const done: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      done.push(migration.id);
    }
    return done;
  });
}

/** Our migrations have no semicolons inside strings or bodies, so a plain split is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
