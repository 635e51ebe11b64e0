import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/** Runs in a child process: creates the cluster and closes it. Plain CommonJS so no loader is needed. */
const INIT_SCRIPT = `
const [pglite, vectorPath, dataDir] = process.argv.slice(1);
const { PGlite } = require(pglite);
const { vector } = require(vectorPath);
PGlite.create(dataDir, { extensions: { vector } })
  .then((db) => db.close())
  .catch((error) => { process.stderr.write(String((error && error.message) || error)); process.exit(1); });
`;

/**
 * Makes the cluster private to the server's user: folders 0700, files 0600. PGlite unpacks its
 * initdb files world-readable and writable (0666) whatever the umask, and writes its relation cache
 * files (pg_internal.init) at start under the process umask; call this after opening too. It also
 * tightens a folder created by an older version.
 */
export async function restrictToOwner(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await restrictToOwner(full);
    else if (entry.isFile()) await chmod(full, 0o600);
  }
}

/**
 * Creates a new embedded PostgreSQL cluster in a private (0700) `dataDir` unless one exists.
 *
 * initdb grows PGlite's WebAssembly memory to about 600 MB, and that memory is never given back
 * while the process lives (a worker thread still left 160 MB behind). A short child process does
 * the initdb instead, so the long-lived server that opens the folder stays small.
 */
export async function initDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await createCluster(dataDir);
}

async function createCluster(dataDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const args = [
    '-e',
    INIT_SCRIPT,
    require.resolve('@electric-sql/pglite'),
    require.resolve('@electric-sql/pglite-pgvector'),
    dataDir,
  ];
  try {
    await promisify(execFile)(process.execPath, args, { timeout: 120_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`creating the database failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}
