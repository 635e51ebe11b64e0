import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import express, { type Router } from 'express';

/** src/channels/web/page, from both src/ (tsx) and dist/ (the build): both sit three levels below the root. */
const PAGE_DIR = fileURLToPath(new URL('../../../src/channels/web/page/', import.meta.url));

async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [`${PAGE_DIR}app.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The local web chat at /: static HTML and CSS, and the client script compiled once at start. */
export async function webPageRouter(): Promise<Router> {
  const [html, css, js] = await Promise.all([
    readFile(`${PAGE_DIR}index.html`, 'utf8'),
    readFile(`${PAGE_DIR}styles.css`, 'utf8'),
    bundleClient(),
  ]);
  const router = express.Router();
  const send = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
    res.type(type).set('cache-control', 'no-cache').send(body);
  };
  router.use((_req, res, next) => {
    // Everything the page needs is served from here: no CDN, no inline script.
    res.set('content-security-policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'");
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  router.get('/', send('html', html));
  router.get('/styles.css', send('css', css));
  router.get('/app.js', send('js', js));
  return router;
}
