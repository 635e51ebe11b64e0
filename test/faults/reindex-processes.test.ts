/**
 * Reindex as separate processes: one killed with SIGKILL half-way (the previous index answers, the
 * lost run is marked failed (interrupted) by the next process that opens the database), and two started at once (one is
 * told a reindex is running, and exactly one audit row is written).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedCorpus, writeSyntheticKnowledge } from '../../scripts/bench/synthetic-corpus.js';
import { cli, startCli } from '../support/cli.js';
import { startPgliteServer } from '../support/pglite-server.js';
import { copyKnowledge, eventually } from './helpers.js';

// Each step starts a CLI process (tsx and PGlite's WASM load): slow on a shared 2-core machine.

/** Enough extra chapters that embedding takes a few seconds, so a reindex can be caught half-way. */
async function addBulkChapters(dir: string): Promise<void> {
  const seed = await loadSeedCorpus();
  await writeSyntheticKnowledge(path.join(dir, 'bulk'), seed, { documents: 60, sectionsPerDocument: 10 });
}

describe('reindex process killed half-way (embedded database on disk)', () => {
  let dir: string;
  let data: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await copyKnowledge();
    data = await mkdtemp(path.join(tmpdir(), 'advisor-faults-db-'));
    env = { DATABASE_URL: `pglite://${data}`, KNOWLEDGE_DIR: dir };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  it('SIGKILL while embedding: the previous index answers, the killed run is marked interrupted, the next reindex succeeds', async () => {
    const first = await cli(['reindex', '--json'], { env });
    expect(first.code).toBe(0);
    const before = JSON.parse(first.stdout) as { counts: { chunks: number } };

    await addBulkChapters(dir);
    const run = startCli(['reindex'], { env });
    await eventually(
      async () => /Embedding \d+ chunks/.test(run.stderrText()),
      60_000,
      'the reindex to start embedding',
    );
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');

    // The previous index answers, untouched by the half-done run.
    const answer = await cli(['ask', '--json', 'What are the risks of a joint venture?'], { env });
    expect(answer.code).toBe(0);
    const body = JSON.parse(answer.stdout) as { abstained: boolean; citations: Array<{ source: string }> };
    expect(body.abstained).toBe(false);
    expect(body.citations.every((c) => !c.source.startsWith('bulk/'))).toBe(true);
    // The embedded database is opened by one process at a time: the next one to open it knows the
    // run is dead and records it as interrupted at once, before any reindex.
    const during = JSON.parse((await cli(['runs', '--json'], { env })).stdout) as Array<{
      status: string;
      error?: string;
    }>;
    expect(during[0]?.status).toBe('failed');
    expect(during[0]?.error).toMatch(/Interrupted: the process stopped before the run finished/);

    // The next run is not blocked by the dead one, and the audit log says what happened.
    const next = await cli(['reindex', '--json'], { env });
    expect(next.code).toBe(0);
    const after = JSON.parse(next.stdout) as { counts: { chunks: number; embedded: number } };
    expect(after.counts.chunks).toBeGreaterThan(before.counts.chunks);
    const runs = JSON.parse((await cli(['runs', '--json'], { env })).stdout) as Array<{
      status: string;
      error?: string;
    }>;
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(runs[1]?.error).toMatch(/Interrupted: the process stopped before the run finished/);
  }, 240_000);
});

describe('two reindex processes at once (pg driver to one database)', () => {
  it('one reindexes, the other is told a reindex is running; one audit row, nothing stuck', async () => {
    const db = await startPgliteServer();
    const dir = await copyKnowledge();
    try {
      await addBulkChapters(dir);
      const env = { DATABASE_URL: db.url, KNOWLEDGE_DIR: dir };
      const [a, b] = await Promise.all([cli(['reindex', '--json'], { env }), cli(['reindex', '--json'], { env })]);
      const codes = [a.code, b.code].sort();
      expect(codes).toEqual([0, 1]);
      const loser = a.code === 1 ? a : b;
      expect(loser.stderr).toMatch(/A reindex is already running\. Wait for it to finish, then try again\./);
      const runs = JSON.parse((await cli(['runs', '--json'], { env })).stdout) as Array<{ status: string }>;
      expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
