import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports.js';
import type { ReindexOptions, ReindexResult } from '../../src/core/reindex.js';
import { ScheduledReindex } from '../../src/core/scheduled-reindex.js';
import type { IndexRun } from '../../src/core/types.js';

/** An in-memory audit log and a reindex that records its runs there, as the advisor's does. */
function fakes(options: { busy?: boolean; slowMs?: number } = {}) {
  const runs: IndexRun[] = [];
  let active = 0;
  let maxActive = 0;
  const audit = {
    async startRun(input: { actor: string; trigger: IndexRun['trigger'] }) {
      runs.unshift({
        id: runs.length + 1,
        ...input,
        status: 'running',
        startedAt: new Date(),
        finishedAt: null,
        durationMs: null,
        counts: null,
        error: null,
        warnings: [],
        progress: null,
      });
      return runs.length;
    },
    async finishRun(id: number, outcome: { status: 'succeeded' | 'failed' | 'cancelled'; error?: string }) {
      const i = runs.findIndex((r) => r.id === id);
      const run = runs[i];
      if (run) runs[i] = { ...run, status: outcome.status, error: outcome.error ?? null };
    },
    async recentRuns(limit: number) {
      return runs.slice(0, limit);
    },
  };
  const reindex = async (o: ReindexOptions): Promise<ReindexResult> => {
    if (options.busy) throw new AppError('reindex_running', 'A reindex is already running.');
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 0));
    const runId = await audit.startRun({ actor: o.actor, trigger: o.trigger });
    await audit.finishRun(runId, { status: 'succeeded' });
    active -= 1;
    return { runId } as ReindexResult;
  };
  return { runs, audit, reindex, maxActive: () => maxActive };
}

describe('scheduled reindex', () => {
  it('rescans the folder on the interval without a repository, one run at a time', async () => {
    const f = fakes({ slowMs: 30 });
    const scheduler = new ScheduledReindex(
      { reindex: f.reindex, audit: f.audit, logger: silentLogger },
      { intervalMs: 5 },
    );
    scheduler.start();
    for (let waited = 0; f.runs.length < 3 && waited < 10_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await scheduler.stop();
    expect(f.runs.length).toBeGreaterThanOrEqual(3);
    expect(f.runs.every((r) => r.trigger === 'schedule' && r.actor === 'scheduler')).toBe(true);
    expect(f.maxActive()).toBe(1);
    const count = f.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.runs.length).toBe(count);
  });

  it('indexes a new commit once, and skips when another replica holds the reindex lock', async () => {
    const f = fakes();
    let revision = 'a'.repeat(40);
    const sync = { label: 'file:///content.git', pull: async () => ({ revision }) };
    const scheduler = new ScheduledReindex(
      { reindex: f.reindex, audit: f.audit, sync, logger: silentLogger },
      { intervalMs: 60_000 },
    );
    expect(await scheduler.runOnce()).toBe('indexed');
    expect(await scheduler.runOnce()).toBe('unchanged');
    revision = 'b'.repeat(40);
    expect(await scheduler.runOnce()).toBe('indexed');
    expect(f.runs.map((r) => r.trigger)).toEqual([`git ${'b'.repeat(40)}`, `git ${'a'.repeat(40)}`]);
    expect(scheduler.status()).toMatchObject({ ok: true });

    const busy = fakes({ busy: true });
    const other = new ScheduledReindex(
      { reindex: busy.reindex, audit: busy.audit, sync, logger: silentLogger },
      { intervalMs: 60_000 },
    );
    expect(await other.runOnce()).toBe('busy');
    expect(busy.runs).toEqual([]);
  });

  it('audits a failed pull, reports it, and recovers on the next run', async () => {
    const f = fakes();
    let failing = true;
    const sync = {
      label: 'https://***@git.example.com/content.git',
      pull: async () => {
        if (failing) throw new AppError('sync_failed', 'The content repository cannot be reached.');
        return { revision: 'c'.repeat(40) };
      },
    };
    const scheduler = new ScheduledReindex(
      { reindex: f.reindex, audit: f.audit, sync, logger: silentLogger },
      { intervalMs: 60_000 },
    );
    expect(await scheduler.runOnce()).toBe('failed');
    expect(scheduler.status()).toMatchObject({
      ok: false,
      detail:
        'Pulling https://***@git.example.com/content.git failed: The content repository cannot be reached. The index keeps answering from the content it has.',
    });
    expect(f.runs[0]).toMatchObject({ status: 'failed', trigger: 'schedule', actor: 'scheduler' });
    failing = false;
    expect(await scheduler.runOnce()).toBe('indexed');
    expect(scheduler.status()).toMatchObject({ ok: true });
  });
});
