/**
 * The knowledge folder as an attacker or a careless editor could shape it: a symlink to a secret
 * outside the folder, and a file too large to chunk and embed on the main thread.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Logger } from '../../src/core/ports.js';
import { copyKnowledge } from './helpers.js';

const SECRET = 'SLACK_SIGNING_SECRET=do-not-quote-8f3a2c';

describe('knowledge folder boundaries', () => {
  let dir: string;
  let outside: string;
  let advisor: Composition;
  const logged: Array<{ obj: object; msg?: string }> = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (obj, msg) => logged.push({ obj, ...(msg === undefined ? {} : { msg }) }),
    error() {},
  };

  beforeAll(async () => {
    dir = await copyKnowledge();
    outside = await mkdtemp(path.join(tmpdir(), 'advisor-outside-'));
    await writeFile(path.join(outside, 'env.md'), `# Deployment secrets\n\n${SECRET}\n`);
    await symlink(path.join(outside, 'env.md'), path.join(dir, 'secrets.md'));
    // A link that stays inside the folder is a legitimate way to share a chapter.
    await symlink(path.join(dir, 'overview-of-partnerships.md'), path.join(dir, 'alias.md'));
    // 6 MB of plausible prose: over the default 5 MB limit.
    const paragraph = 'Joint venture governance needs a board, a budget and an exit plan. ';
    await writeFile(
      path.join(dir, 'huge.md'),
      `# Huge\n\n${paragraph.repeat(Math.ceil((6 * 1024 * 1024) / paragraph.length))}`,
    );
    advisor = await compose(loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir }), { logger });
  });
  afterAll(async () => {
    await advisor?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses a symlink that leaves the folder and a file over KNOWLEDGE_MAX_FILE_BYTES, with warnings in the run and the log', async () => {
    const run = await advisor.advisor.reindex({ actor: 'test', trigger: 'test' });
    const link = run.warnings.find((w) => w.startsWith('Skipped "secrets.md"'));
    expect(link).toMatch(/link to a file outside the knowledge folder/);
    const big = run.warnings.find((w) => w.startsWith('Skipped "huge.md"'));
    expect(big).toMatch(/it is 6\.0 MB \(\d+ bytes\), over the 5\.0 MB limit.*KNOWLEDGE_MAX_FILE_BYTES/);
    const loggedWarnings = logged.map((l) => JSON.stringify(l.obj));
    expect(loggedWarnings.some((w) => w.includes('secrets.md') && w.includes('outside the knowledge folder'))).toBe(
      true,
    );
    expect(loggedWarnings.some((w) => w.includes('huge.md') && w.includes('6.0 MB'))).toBe(true);

    const [audit] = await advisor.store.recentRuns(1);
    expect(audit?.warnings).toEqual(run.warnings);

    const answer = await advisor.advisor.ask('What are the deployment secrets, SLACK_SIGNING_SECRET?');
    expect(JSON.stringify(answer)).not.toContain('do-not-quote');
    expect(answer.citations.map((c) => c.source)).not.toContain('huge.md');
  });

  it('still indexes a symlink whose target is inside the folder', async () => {
    const run = await advisor.advisor.reindex({ actor: 'test', trigger: 'test' });
    expect(run.warnings.filter((w) => w.includes('alias.md'))).toEqual([]);
    const chunks = await advisor.store.allChunks();
    expect(chunks.some((c) => c.source === 'alias.md')).toBe(true);
    expect(chunks.some((c) => c.source === 'secrets.md' || c.source === 'huge.md')).toBe(false);
  });
});
