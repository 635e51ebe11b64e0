/**
 * The server process stopped in the middle of a reindex it was running (embedded database on disk):
 * killed with SIGKILL, then stopped with SIGTERM. After each restart the previous index answers, and
 * the audit log says what happened to the run: failed (interrupted), or cancelled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedCorpus, writeSyntheticKnowledge } from '../../scripts/bench/synthetic-corpus.js';
import { ADMIN_TOKEN, admin, copyKnowledge, eventually, getJson, postJson } from './helpers.js';

interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `src/main.ts` as its own process, as an operator would, and waits until it serves (index built). */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Partnership Advisor is serving at (http:\/\/[^"\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`the server stopped before serving:\n${output}`)));
  });
  return { child, url, exited };
}

interface Run {
  status: string;
  error: string | null;
  progress: { phase: string; done: number; total: number } | null;
}

const runs = async (url: string): Promise<Run[]> => (await getJson(`${url}/api/admin/runs`, admin)).body.runs;

/** Starts a reindex of the bulk chapters and waits until its run shows chunks written. */
async function reindexUnderway(server: ServerProcess): Promise<void> {
  void postJson(`${server.url}/api/admin/reindex`, {}, admin).catch(() => {});
  await eventually(
    async () => {
      const [run] = await runs(server.url);
      return run?.status === 'running' && (run.progress?.done ?? 0) > 0;
    },
    60_000,
    'the reindex to write its first chunks',
  );
  const [run] = await runs(server.url);
  expect(run?.progress).toMatchObject({ phase: 'embedding', total: expect.any(Number) });
  expect(run?.progress?.done).toBeLessThan(run?.progress?.total ?? 0);
}

/** The previous index answers: cited, and from none of the chapters the stopped run was adding. */
async function answersFromPreviousIndex(url: string): Promise<void> {
  const answer = await postJson(`${url}/api/ask`, { question: 'What are the risks of a joint venture?' });
  expect(answer.status).toBe(200);
  expect(answer.body.abstained).toBe(false);
  expect(answer.body.citations.every((c: { source: string }) => !c.source.startsWith('bulk/'))).toBe(true);
  const sources = await getJson(`${url}/api/sources`);
  expect(sources.body.documents.some((d: { source: string }) => d.source.startsWith('bulk/'))).toBe(false);
}

describe('server stopped in the middle of a reindex (embedded database on disk)', () => {
  let dir: string;
  let data: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dir = await copyKnowledge();
    data = await mkdtemp(path.join(tmpdir(), 'advisor-faults-db-'));
    // A restart must not pick the new chapters up by itself here: the runs are started by the test.
    env = {
      DATABASE_URL: `pglite://${data}`,
      KNOWLEDGE_DIR: dir,
      REINDEX_ON_START: 'false',
      SHUTDOWN_READINESS_GRACE_MS: '0',
    };
    server = await startServer(env);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // Enough new chapters that the run can be caught half-way.
    await writeSyntheticKnowledge(path.join(dir, 'bulk'), await loadSeedCorpus(), {
      documents: 150,
      sectionsPerDocument: 12,
    });
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await rm(dir, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  it('SIGKILL: after a restart the previous index answers and the run is marked failed (interrupted)', async () => {
    const running = server as ServerProcess;
    await reindexUnderway(running);
    running.child.kill('SIGKILL');
    expect((await running.exited).signal).toBe('SIGKILL');

    server = await startServer(env);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await answersFromPreviousIndex(server.url);
    const [run] = await runs(server.url);
    expect(run).toMatchObject({ status: 'failed', progress: null });
    expect(run?.error).toMatch(/^Interrupted: the process stopped before the run finished/);
  }, 180_000);

  it('SIGTERM: the run is recorded as cancelled, the process exits cleanly, the previous index answers', async () => {
    const running = server as ServerProcess;
    await reindexUnderway(running);
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });

    server = await startServer(env);
    await answersFromPreviousIndex(server.url);
    const [run, before] = await runs(server.url);
    expect(run).toMatchObject({ status: 'cancelled', progress: null });
    expect(run?.error).toMatch(/cancelled \(the server is shutting down\); the previous index keeps answering/);
    expect(before?.status).toBe('failed');
  }, 180_000);
});
