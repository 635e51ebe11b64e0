import path from 'node:path';
import pg from 'pg';
import { type Database, type DatabaseTimeouts, redactUrl } from '../../config/load-config.js';
import { AppError } from '../../core/errors.js';
import type { Logger, Store } from '../../core/ports.js';
import { startEmbeddedServer } from './embedded-server.js';
import { HNSW_EF_SEARCH } from './hnsw.js';
import { initDataDir, restrictToOwner } from './init-data-dir.js';
import { migrate } from './migrations.js';
import { EmbeddedPoolClient, PgPoolClient, type SqlClient } from './sql-client.js';
import { SqlStore } from './sql-store.js';

/**
 * The embedded database serves one small index in this process: PostgreSQL's default 128 MB of
 * shared buffers would only add resident memory (measured: about 125 MB less RSS with these).
 */
const EMBEDDED_SETTINGS = [
  'shared_buffers=16MB',
  'work_mem=4MB',
  'maintenance_work_mem=32MB',
  `hnsw.ef_search=${HNSW_EF_SEARCH}`,
];

/** One statement of SETs for each new pg connection: search quality, and how long a statement or an open transaction may hold the server. */
function sessionSettings(timeouts: DatabaseTimeouts | undefined): string {
  const settings = [`SET hnsw.ef_search = ${HNSW_EF_SEARCH}`];
  if (timeouts) {
    settings.push(`SET statement_timeout = ${Math.trunc(timeouts.statementMs)}`);
    settings.push(`SET idle_in_transaction_session_timeout = ${Math.trunc(timeouts.idleInTransactionMs)}`);
  }
  return settings.join('; ');
}

/** Opens the database a Config names and applies pending migrations. */
export async function openStore(database: Database, options: { logger: Logger }): Promise<Store> {
  const { client, describe } = await connect(database, options.logger);
  try {
    const applied = await migrate(client);
    if (applied.length) options.logger.info({ migrations: applied, database: describe }, 'database migrated');
  } catch (error) {
    await client.close().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    if (/extension "vector"|vector\.control|type "vector" does not exist/i.test(message)) {
      throw new AppError(
        'db_error',
        `The database at ${describe} has no pgvector extension. Install pgvector on the server (for example the pgvector/pgvector Docker image, or enable "vector" on a managed PostgreSQL) and start again.`,
        { cause: error },
      );
    }
    throw new AppError('db_error', `Could not prepare the database at ${describe}: ${message}`, { cause: error });
  }
  const store = new SqlStore(client, {
    exclusive: database.kind !== 'postgres',
    hnsw: database.kind === 'postgres',
    binaryVectors: true,
  });
  try {
    await store.prepare();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

async function connect(database: Database, logger: Logger): Promise<{ client: SqlClient; describe: string }> {
  if (database.kind === 'postgres') {
    const describe = redactUrl(database.url);
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      // The client stops waiting even when the server or the network does not answer at all.
      ...(database.timeouts ? { query_timeout: database.timeouts.queryMs } : {}),
      // Each new connection gets its settings before first use (startup parameters would do the same,
      // but connection poolers such as PgBouncer refuse them).
      verify: (client, done) => {
        client.query(sessionSettings(database.timeouts)).then(
          () => done(),
          (error: Error) => done(error),
        );
      },
    });
    // An idle client losing its server must not crash the process: the next query reconnects.
    pool.on('error', (error) => logger.warn({ err: error, database: describe }, 'database connection lost'));
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => {});
      const reason = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
      throw new AppError(
        'db_unavailable',
        `Cannot reach the database at ${describe} (${reason}). Check DATABASE_URL and that PostgreSQL is running with the pgvector extension.`,
        { cause: error },
      );
    }
    return { client: new PgPoolClient(pool), describe };
  }
  const dataDir = database.kind === 'pglite' ? path.resolve(database.dataDir) : undefined;
  const describe = dataDir ? `pglite://${dataDir}` : 'memory://';
  try {
    if (dataDir) await initDataDir(dataDir);
    const server = await startEmbeddedServer({ dataDir, settings: EMBEDDED_SETTINGS });
    const pool = new pg.Pool({
      host: server.host,
      port: server.port,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      // The one connection stays open: it carries the session (and its advisory locks).
      idleTimeoutMillis: 0,
    });
    pool.on('error', (error) => logger.warn({ err: error, database: describe }, 'embedded database connection lost'));
    const client = new EmbeddedPoolClient(pool, () => server.close());
    try {
      await client.query('SELECT 1');
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
    if (dataDir) await restrictToOwner(dataDir);
    return { client, describe };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'db_unavailable',
      `Cannot open the embedded database at ${describe} (${reason}). Another process may be using it, or it is damaged: stop the other process, or point DATABASE_URL at a new folder (e.g. pglite://.data/advisor2) and reindex.`,
      { cause: error },
    );
  }
}
