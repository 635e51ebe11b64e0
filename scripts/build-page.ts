/**
 * Builds the web chat's page into dist/web/ (part of `npm run build`): the HTML and CSS as they are,
 * and the client script bundled and minified once here, so the server only reads files at start.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = path.join(ROOT, 'src/channels/web/page');
/** Where the page router reads it from (src/channels/web/page-router.ts). */
const OUT_DIR = path.join(ROOT, 'dist/web');

async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(SOURCE, 'app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Write-then-rename: a server starting meanwhile (a test, a second build) never reads half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export async function buildPage(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const [html, css, js] = await Promise.all([
    readFile(path.join(SOURCE, 'index.html'), 'utf8'),
    readFile(path.join(SOURCE, 'styles.css'), 'utf8'),
    bundleClient(),
  ]);
  await Promise.all([
    writeAtomically(path.join(OUT_DIR, 'index.html'), html),
    writeAtomically(path.join(OUT_DIR, 'styles.css'), css),
    writeAtomically(path.join(OUT_DIR, 'app.js'), js),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await buildPage();
