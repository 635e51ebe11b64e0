import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitKnowledgeRepo } from '../../src/adapters/knowledge/git-repo.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Admin', '-c', 'user.email=admin@example.com', ...args], { cwd })
    .toString()
    .trim();

/** A bare "origin" holding the shipped chapters under chapters/, and a work tree admins push from. */
async function contentRepository(root: string): Promise<{ url: string; work: string; origin: string }> {
  const origin = path.join(root, 'origin.git');
  const work = path.join(root, 'work');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  execFileSync('git', ['clone', '--quiet', origin, work]);
  await cp('knowledge', path.join(work, 'chapters'), { recursive: true });
  await writeFile(path.join(work, 'README.md'), 'Content repository of the Partnership Advisor.\n');
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'Chapters');
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  return { url: `file://${origin}`, work, origin };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('the knowledge repository clone (git)', () => {
  let root: string;
  let repo: { url: string; work: string; origin: string };
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'advisor-git-'));
    repo = await contentRepository(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('clones the ref, then pulls what was pushed since', async () => {
    const cloneDir = path.join(root, 'clone');
    const clone = new GitKnowledgeRepo({ url: repo.url, ref: 'main', cloneDir, logger: silentLogger });
    expect((await clone.pull()).revision).toBe(git(repo.work, 'rev-parse', 'HEAD'));
    await writeFile(path.join(repo.work, 'chapters', 'new.md'), '# New chapter\n\nText.\n');
    git(repo.work, 'add', '.');
    git(repo.work, 'commit', '--quiet', '-m', 'New chapter');
    git(repo.work, 'push', '--quiet', 'origin', 'HEAD:main');
    expect((await clone.pull()).revision).toBe(git(repo.work, 'rev-parse', 'HEAD'));
    expect(await readFile(path.join(cloneDir, 'chapters', 'new.md'), 'utf8')).toContain('New chapter');
  });

  it('says clearly when the repository or the ref does not exist', async () => {
    const missing = await failure(
      new GitKnowledgeRepo({
        url: `file://${root}/nothing-here.git`,
        cloneDir: path.join(root, 'c1'),
        logger: silentLogger,
      }).pull(),
    );
    expect(missing).toMatchObject({ code: 'sync_failed' });
    expect(missing.message).toBe(
      `The content repository file://${root}/nothing-here.git does not exist or cannot be read; fix KNOWLEDGE_GIT_URL.`,
    );
    const noRef = await failure(
      new GitKnowledgeRepo({
        url: repo.url,
        ref: 'no-such-branch',
        cloneDir: path.join(root, 'c2'),
        logger: silentLogger,
      }).pull(),
    );
    expect(noRef.message).toBe(
      `The branch or tag "no-such-branch" does not exist in ${repo.url}; fix KNOWLEDGE_GIT_REF.`,
    );
  });

  it('never shows the credentials of a URL, in messages or logs', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const error = await failure(
      new GitKnowledgeRepo({
        url: 'https://admin:s3cret-token@127.0.0.1:9/partners/content.git',
        cloneDir: path.join(root, 'c3'),
        logger,
      }).pull(),
    );
    expect(error.message).toContain('https://***@127.0.0.1:9/partners/content.git');
    expect(error.message).toContain('cannot be reached');
    expect(lines.length).toBeGreaterThan(0);
    expect([error.message, ...lines].join('\n')).not.toContain('s3cret');
  });
});

describe('scheduled sync from a Git repository (server)', () => {
  let root: string;
  let repo: { url: string; work: string; origin: string };
  let server: AdvisorServer;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'advisor-git-server-'));
    repo = await contentRepository(root);
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      KNOWLEDGE_GIT_URL: repo.url,
      KNOWLEDGE_GIT_SUBDIR: 'chapters',
      KNOWLEDGE_GIT_CLONE_DIR: path.join(root, 'clone'),
      // Long enough never to fire here: the test runs the schedule's steps itself.
      REINDEX_INTERVAL: '1h',
    });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('builds the index from the clone at start, audited with the commit', async () => {
    const [run] = await server.composition.advisor.recentRuns(1);
    expect(run).toMatchObject({ status: 'succeeded', trigger: `git ${git(repo.work, 'rev-parse', 'HEAD')}` });
  });

  it('reindexes when the commit changed, and only then', async () => {
    const scheduler = server.scheduler;
    if (!scheduler) throw new Error('REINDEX_INTERVAL should start the scheduler');
    expect(await scheduler.runOnce()).toBe('unchanged');
    await writeFile(
      path.join(repo.work, 'chapters', 'quantum-alliances.md'),
      '# Quantum Alliances\n\nA quantum alliance pools qubit time between two laboratories for eighteen months.\n',
    );
    git(repo.work, 'add', '.');
    git(repo.work, 'commit', '--quiet', '-m', 'Quantum alliances');
    git(repo.work, 'push', '--quiet', 'origin', 'HEAD:main');
    expect(await scheduler.runOnce()).toBe('indexed');
    const [run] = await server.composition.advisor.recentRuns(1);
    expect(run).toMatchObject({ status: 'succeeded', trigger: `git ${git(repo.work, 'rev-parse', 'HEAD')}` });
    const answer = await server.composition.advisor.ask('How long does a quantum alliance pool qubit time?');
    expect(answer.citations[0]?.source).toBe('quantum-alliances.md');
    expect(await scheduler.runOnce()).toBe('unchanged');
    expect((await server.composition.advisor.recentRuns(1))[0]?.id).toBe(run?.id);
  });

  it('keeps answering from the current index when the pull fails, and reports it on /readyz and in the run log', async () => {
    await rename(repo.origin, `${repo.origin}.moved`);
    try {
      expect(await server.scheduler?.runOnce()).toBe('failed');
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: { sync: { ok: boolean; detail: string } } };
      expect(body.checks.sync.ok).toBe(false);
      expect(body.checks.sync.detail).toContain('does not exist or cannot be read; fix KNOWLEDGE_GIT_URL');
      const [run] = await server.composition.advisor.recentRuns(1);
      expect(run).toMatchObject({ status: 'failed', trigger: 'schedule' });
      expect(run?.error).toContain(`Pulling ${repo.url} failed`);
      const answer = await server.composition.advisor.ask('How long does a quantum alliance pool qubit time?');
      expect(answer.citations[0]?.source).toBe('quantum-alliances.md');
    } finally {
      await rename(`${repo.origin}.moved`, repo.origin);
    }
  });
});
