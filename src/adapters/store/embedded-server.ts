import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorker } from '../workers/start-worker.js';

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
  const worker = startWorker(import.meta.url, './embedded-worker', {
    dataDir,
    socketPath,
    settings: [...options.settings],
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
