/** Once before the suite: the servers under test serve the web page from dist/web, as in production. */
import { buildPage } from '../../scripts/build-page.js';

export default async function setup(): Promise<void> {
  await buildPage();
}
