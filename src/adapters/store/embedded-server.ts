import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker: opens PGlite (PostgreSQL in WebAssembly) and serves it over the PostgreSQL wire
 * protocol on a unix socket. Plain CommonJS evaluated from a string, so it runs the same under
 * node, tsx and vitest (none of which lends a worker its TypeScript loader).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { vector } = require(workerData.vector);
const { PGLiteSocketServer } = require(workerData.socket);
let db;
let server;
async function start() {
  db = await PGlite.create(workerData.dataDir, {
    extensions: { vector },
    postgresqlconf: workerData.settings,
    relaxedDurability: true,
  });
  server = new PGLiteSocketServer({ db, path: workerData.socketPath, maxConnections: 4 });
  await server.start();
  parentPort.postMessage({ type: 'ready' });
}
parentPort.on('message', async (message) => {
  if (message.type !== 'close') return;
  try {
    if (server) await server.stop();
    if (db && !db.closed) await db.close();
    parentPort.postMessage({ type: 'closed' });
  } catch (error) {
    parentPort.postMessage({ type: 'closed', error: String((error && error.message) || error) });
  }
});
start().catch((error) => parentPort.postMessage({ type: 'failed', error: String((error && error.message) || error) }));
`;

/** PostgreSQL's name for a server socket in a folder: `pg` connects to `${host}/.s.PGSQL.${port}`. */
const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** Unix socket paths are limited to about 107 bytes; a deeper data folder gets a private temporary one. */
const MAX_SOCKET_PATH = 100;

export interface EmbeddedServer {
  /** Where `pg` connects: `host` is the socket's folder. */
  readonly host: string;
  readonly port: number;
  /** Stops serving and closes the database (a clean shutdown: PGlite writes its files). */
  close(): Promise<void>;
}

/**
 * Runs embedded PostgreSQL in a worker thread, so that its WebAssembly never blocks this thread's
 * event loop: the main thread talks to it with `pg`, like to any PostgreSQL. `dataDir` undefined
 * keeps the database in memory. The socket lives in the data folder (0700), else in a private
 * temporary folder.
 */
export async function startEmbeddedServer(options: {
  dataDir: string | undefined;
  settings: readonly string[];
}): Promise<EmbeddedServer> {
  const { dataDir } = options;
  const inDataDir = dataDir && path.join(dataDir, SOCKET_NAME).length <= MAX_SOCKET_PATH;
  const socketDir = inDataDir ? dataDir : await mkdtemp(path.join(tmpdir(), 'advisor-pg-'));
  const socketPath = path.join(socketDir, SOCKET_NAME);
  if (inDataDir) await removeStaleSocket(socketPath);
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      pglite: require.resolve('@electric-sql/pglite'),
      vector: require.resolve('@electric-sql/pglite-pgvector'),
      socket: require.resolve('@electric-sql/pglite-socket'),
      dataDir,
      socketPath,
      settings: [...options.settings],
    },
  });
  const cleanup = async () => {
    if (!inDataDir) await rm(socketDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the database worker stopped (exit code ${code})`)));
      worker.on('message', (message: { type: string; error?: string }) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'failed') reject(new Error(message.error));
      });
    });
  } catch (error) {
    await worker.terminate().catch(() => {});
    await cleanup();
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  // A crash of the worker surfaces as failing queries (connection closed); it must not crash the process.
  worker.on('error', () => {});
  let closing: Promise<void> | undefined;
  return {
    host: socketDir,
    port: SOCKET_PORT,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (message: { type: string }) => {
            if (message.type === 'closed') resolve();
          });
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'close' });
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        await worker.terminate().catch(() => {});
        await cleanup();
      })();
      return closing;
    },
  };
}

/**
 * A socket file left by a process that was killed. If something still answers on it, another
 * process has the database open: opening it twice would damage it, so that is an error.
 */
async function removeStaleSocket(socketPath: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error('another process is serving this database');
  await unlink(socketPath).catch(() => {});
}
