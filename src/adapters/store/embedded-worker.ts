/**
 * The embedded database's worker thread (embedded-server.ts): opens PGlite (PostgreSQL in
 * WebAssembly) and serves it over the PostgreSQL wire protocol on a unix socket, so that its work
 * never runs on the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const data = workerData as { dataDir: string | undefined; socketPath: string; settings: string[] };
let db: PGlite | undefined;
let server: PGLiteSocketServer | undefined;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function start(): Promise<void> {
  db = await PGlite.create(data.dataDir, {
    extensions: { vector },
    postgresqlconf: data.settings,
    // PGlite's post-query sync is a no-op for a folder on disk (its Node file system writes straight
    // to the files), yet awaiting it cost up to 5 ms per statement.
    relaxedDurability: true,
  });
  // The main thread's pool holds one connection; a few more let a stale one be replaced at once.
  server = new PGLiteSocketServer({ db, path: data.socketPath, maxConnections: 4 });
  await server.start();
  parentPort?.postMessage({ type: 'ready' });
}

parentPort?.on('message', async (request: { type: string }) => {
  if (request.type !== 'close') return;
  try {
    await server?.stop();
    if (db && !db.closed) await db.close();
    parentPort?.postMessage({ type: 'closed' });
  } catch (error) {
    parentPort?.postMessage({ type: 'closed', error: message(error) });
  }
});

start().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', error: message(error) }));
