import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
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
 * Creates a new embedded PostgreSQL cluster in `dataDir` unless one exists.
 *
 * initdb grows PGlite's WebAssembly memory to about 600 MB, and that memory is never given back
 * while the process lives (a worker thread still left 160 MB behind). A short child process does
 * the initdb instead, so the long-lived server that opens the folder stays small.
 */
export async function initDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
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
