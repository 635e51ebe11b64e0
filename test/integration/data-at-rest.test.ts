import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import { silentLogger } from '../../src/core/ports.js';

/** Every path under `dir` whose mode gives the group or others any access. */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  const mode = (await stat(dir)).mode & 0o777;
  if (mode !== 0o700) found.push(`${dir} ${mode.toString(8)}`);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await openToOthers(full)));
    else if (((await stat(full)).mode & 0o777) !== 0o600)
      found.push(`${full} ${((await stat(full)).mode & 0o777).toString(8)}`);
  }
  return found;
}

describe('embedded database at rest', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'advisor-at-rest-'));
    await chmod(root, 0o755);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('creates the data folder 0700 and its files 0600, and keeps them so after writes and a reopen', {
    timeout: 300_000,
  }, async () => {
    const dataDir = path.join(root, 'data', 'advisor');
    let store = await openStore({ kind: 'pglite', dataDir }, { logger: silentLogger });
    await store.claimEvent('at-rest-1');
    await store.close();
    expect(await openToOthers(dataDir)).toEqual([]);

    // A folder left readable by an older version is tightened when it is opened.
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'PG_VERSION'), 0o644);
    store = await openStore({ kind: 'pglite', dataDir }, { logger: silentLogger });
    await store.claimEvent('at-rest-2');
    await store.close();
    expect(await openToOthers(dataDir)).toEqual([]);
  });
});
