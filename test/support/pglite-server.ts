import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** A postgres:// URL for the `pg` driver. */
  readonly url: string;
  readonly db: PGlite;
  /** Simulates a database outage: stops listening and drops every connection; the data stays. */
  stopSocket(): Promise<void>;
  /** Ends the outage: serves the same database on the same port again. */
  startSocket(): Promise<void>;
  close(): Promise<void>;
}

/** An in-memory PGlite with pgvector served over the PostgreSQL wire protocol on 127.0.0.1. */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: { vector } });
  let server: PGLiteSocketServer | null = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: 20,
  });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  const port = Number(conn.split(':').pop());
  return {
    url: `postgres://postgres:secret-password@127.0.0.1:${port}/postgres`,
    db,
    stopSocket: async () => {
      await server?.stop();
      server = null;
    },
    startSocket: async () => {
      if (server) return;
      server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 20 });
      await server.start();
    },
    close: async () => {
      await server?.stop();
      await db.close();
    },
  };
}
