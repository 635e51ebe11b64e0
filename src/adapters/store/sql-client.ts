import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

export interface Rows<T> {
  readonly rows: T[];
}

/** The little SQL surface the store needs, implemented by PGlite (in process) and a `pg` pool. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Rows<T>>;
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Runs `fn` on one dedicated session (for session-level advisory locks) until `release` is called. */
  session(): Promise<{ client: SqlClient; release(): Promise<void> }>;
  close(): Promise<void>;
}

export class PgliteClient implements SqlClient {
  constructor(private readonly db: PGlite | Transaction) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<Rows<T>> {
    const result = await this.db.query<T>(sql, [...params]);
    return { rows: result.rows };
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (!('transaction' in this.db)) return fn(this);
    return this.db.transaction((tx) => fn(new PgliteClient(tx)));
  }

  async session(): Promise<{ client: SqlClient; release(): Promise<void> }> {
    // PGlite is a single session: every caller already shares it.
    return { client: this, release: async () => {} };
  }

  async close(): Promise<void> {
    if ('close' in this.db && !this.db.closed) await this.db.close();
  }
}

export class PgPoolClient implements SqlClient {
  constructor(protected readonly pool: pg.Pool | pg.PoolClient) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<Rows<T>> {
    const result = await this.pool.query(sql, [...params]);
    return { rows: result.rows as T[] };
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    // Its own connection, always: no other caller's statement may run inside the transaction.
    const { client, release } = await this.checkout();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await release();
    }
  }

  session(): Promise<{ client: SqlClient; release(): Promise<void> }> {
    return this.checkout();
  }

  /** One connection of the pool for this caller alone, until `release`. */
  protected async checkout(): Promise<{ client: SqlClient; release(): Promise<void> }> {
    if (!('connect' in this.pool) || !('totalCount' in this.pool)) return { client: this, release: async () => {} };
    const connection = await this.pool.connect();
    // A checked-out client that loses its server emits 'error'; unhandled, that would end the process.
    // The query in progress fails on its own and release() below hands the broken client back.
    const onError = () => {};
    connection.on('error', onError);
    let released = false;
    return {
      client: new PgPoolClient(connection),
      release: async () => {
        if (released) return;
        released = true;
        connection.off('error', onError);
        connection.release();
      },
    };
  }

  async close(): Promise<void> {
    if ('end' in this.pool && 'totalCount' in this.pool && !this.pool.ended) await this.pool.end();
  }
}

/**
 * `pg` to the embedded database served from a worker thread (embedded-server.ts): one connection,
 * because PGlite is one session and its socket server interleaves the protocol messages of
 * concurrent connections. Session-level state (advisory locks) is shared by every caller, as it
 * is with PGlite in process, so `session` hands out the shared client; a transaction still has the
 * connection to itself while it runs. `onClose` stops the worker after the pool has ended.
 */
export class EmbeddedPoolClient extends PgPoolClient {
  constructor(
    pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {
    super(pool);
  }

  override async session(): Promise<{ client: SqlClient; release(): Promise<void> }> {
    return { client: this, release: async () => {} };
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.onClose();
    }
  }
}
