import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this codebase. The compiled build runs the `.js` file
 * directly; from the TypeScript sources (tsx, vitest), where the module is a `.ts` file, the worker
 * first registers tsx: a worker does not inherit its parent's TypeScript loader.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.module);
})().catch((error) => { throw error; });
`;

/** `module`: the worker's file, relative to `base` (the caller's import.meta.url), without extension. */
export function startWorker(base: string, module: string, workerData: Record<string, unknown>): Worker {
  const typescript = base.endsWith('.ts');
  return new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      ...workerData,
      module: new URL(`${module}${typescript ? '.ts' : '.js'}`, base).href,
      tsx: typescript ? tsxApi(base) : undefined,
    },
  });
}

/** tsx's ESM register API (its CommonJS entry resolves the loader against the wrong folder inside a worker). */
function tsxApi(base: string): string {
  return pathToFileURL(
    createRequire(base)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
}
