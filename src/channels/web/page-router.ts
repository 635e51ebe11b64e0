import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { AppError } from '../../core/errors.js';

/** dist/web, built by `npm run build` (scripts/build-page.ts); from src/ and dist/ alike it is three levels up. */
const PAGE_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

async function readPage(file: string): Promise<string> {
  try {
    return await readFile(`${PAGE_DIR}${file}`, 'utf8');
  } catch (error) {
    throw new AppError(
      'internal',
      `The web page is not built (${PAGE_DIR}${file} is missing): run \`npm run build\`.`,
      {
        cause: error,
      },
    );
  }
}

/** The local web chat at /: the HTML, CSS and client script bundled at build time. */
export async function webPageRouter(): Promise<Router> {
  const [html, css, js] = await Promise.all([readPage('index.html'), readPage('styles.css'), readPage('app.js')]);
  const router = express.Router();
  const send = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
    res.type(type).set('cache-control', 'no-cache').send(body);
  };
  router.use((_req, res, next) => {
    // Everything the page needs is served from here: no CDN, no inline script.
    // frame-ancestors: no other site may frame the chat (clickjacking); no-referrer: nothing leaks to cited sites.
    res.set(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    res.set('referrer-policy', 'no-referrer');
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  router.get('/', send('html', html));
  router.get('/styles.css', send('css', css));
  router.get('/app.js', send('js', js));
  return router;
}
