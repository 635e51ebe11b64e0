import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import type { Database } from '../../src/config/load-config.js';
import { AppError } from '../../src/core/errors.js';
import { type IndexChanges, type Store, silentLogger } from '../../src/core/ports.js';
import type { AskResult, ChunkDraft } from '../../src/core/types.js';
import { startPgliteServer } from '../support/pglite-server.js';

const DIMS = 8;

function unit(i: number, dims = DIMS): number[] {
  const v = Array.from({ length: dims }, (_, j) => (j === i % dims ? 1 : 0.05));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function chunk(source: string, ordinal: number, text: string): ChunkDraft {
  return {
    source,
    title: `Title of ${source}`,
    section: `Section ${ordinal}`,
    text,
    ordinal,
    hash: `${source}#${ordinal}:${text}`,
  };
}

const JV = chunk('jv.md', 0, 'Joint ventures create a new entity owned by both partners.');
const LIC = chunk('licensing.md', 0, 'Licensing transfers intellectual property rights for royalties.');
const COC = chunk('co-creation.md', 0, 'Co-creation means designing products together with customers.');

function changes(partial: Partial<IndexChanges>): IndexChanges {
  return {
    embeddingModel: 'test-model',
    dimensions: DIMS,
    replaceAll: false,
    insert: [],
    deleteHashes: [],
    documents: [
      { source: 'jv.md', title: 'Title of jv.md', hash: 'h1' },
      { source: 'licensing.md', title: 'Title of licensing.md', hash: 'h2' },
      { source: 'co-creation.md', title: 'Title of co-creation.md', hash: 'h3' },
    ],
    ...partial,
  };
}

function answer(id: string): AskResult {
  return {
    answerId: id,
    question: 'q',
    answer: 'a [1]',
    abstained: false,
    coverage: 'answered',
    citations: [],
    notices: [],
    searchQuery: 'q',
    timings_ms: { retrieve: 1, generate: 1, total: 2 },
  };
}

/** One suite, three drivers: PGlite in memory, PGlite on disk, and `pg` over the wire. */
function describeStore(name: string, setup: () => Promise<{ database: Database; teardown: () => Promise<void> }>) {
  describe(`store on ${name}`, () => {
    let store: Store;
    let database: Database;
    let teardown: () => Promise<void>;

    beforeAll(async () => {
      ({ database, teardown } = await setup());
      store = await openStore(database, { logger: silentLogger });
    });
    afterAll(async () => {
      await store?.close();
      await teardown?.();
    });

    it('starts empty and migrates idempotently', async () => {
      expect(await store.indexInfo()).toBeNull();
      expect(await store.searchByText(['joint'], 5)).toEqual([]);
      if (database.kind === 'postgres') {
        const again = await openStore(database, { logger: silentLogger });
        await again.ping();
        await again.close();
      }
      if (database.kind === 'pglite') {
        // One process at a time: a second opener is refused instead of damaging the files.
        await expect(openStore(database, { logger: silentLogger })).rejects.toThrow(/Another process may be using it/);
        await store.close();
        store = await openStore(database, { logger: silentLogger });
        await store.ping();
      }
    });

    it('writes an index and searches it by vector and by text', async () => {
      await store.applyChanges(
        changes({
          replaceAll: true,
          insert: [
            { chunk: JV, embedding: unit(0) },
            { chunk: LIC, embedding: unit(1) },
            { chunk: COC, embedding: unit(2) },
          ],
        }),
      );
      const info = await store.indexInfo();
      expect(info).toMatchObject({ embeddingModel: 'test-model', dimensions: DIMS, documents: 3, chunks: 3 });

      const byVector = await store.searchByVector(unit(1), 3);
      expect(byVector.map((c) => c.source)).toEqual(['licensing.md', expect.any(String), expect.any(String)]);
      expect(byVector[0]?.score).toBeGreaterThan(0.99);
      expect(byVector[0]?.score).toBeLessThanOrEqual(1.0001);
      expect(byVector[1]?.score).toBeLessThan(byVector[0]?.score ?? 0);

      const byText = await store.searchByText(['royalties', 'licensing'], 5);
      expect(byText[0]?.source).toBe('licensing.md');
      expect(byText[0]).toMatchObject({ title: 'Title of licensing.md', section: 'Section 0', text: LIC.text });
    });

    it('treats hostile text as plain words', async () => {
      for (const hostile of ["'); DROP TABLE chunks; --", '&|!:*()', "joint' | 'x", '\\', '']) {
        await expect(store.searchByText([hostile], 5)).resolves.toBeInstanceOf(Array);
      }
      expect((await store.searchByText(["joint'); drop table chunks; --"], 5))[0]?.source).toBe('jv.md');
      expect((await store.indexInfo())?.chunks).toBe(3);
    });

    it('applies incremental changes: deletes by hash, prunes documents with their chunks', async () => {
      const LIC2 = chunk('licensing.md', 1, 'Licensees pay royalties to the licensor.');
      await store.applyChanges(changes({ insert: [{ chunk: LIC2, embedding: unit(3) }], deleteHashes: [LIC.hash] }));
      expect([...(await store.chunkHashes())].sort()).toEqual([COC.hash, JV.hash, LIC2.hash].sort());

      await store.applyChanges(
        changes({
          documents: [
            { source: 'jv.md', title: 'Title of jv.md', hash: 'h1' },
            { source: 'licensing.md', title: 'Title of licensing.md', hash: 'h2' },
          ],
        }),
      );
      const all = await store.allChunks();
      expect(all.map((c) => c.source).sort()).toEqual(['jv.md', 'licensing.md']);
      expect((await store.indexInfo())?.documents).toBe(2);
    });

    it('keeps the previous index when a write fails half-way', async () => {
      const before = await store.allChunks();
      const bad = chunk('jv.md', 9, 'A chunk whose vector has the wrong size.');
      const good = chunk('jv.md', 8, 'A good chunk written before the bad one.');
      await expect(
        store.applyChanges(
          changes({
            insert: [
              { chunk: good, embedding: unit(4) },
              { chunk: bad, embedding: unit(4, DIMS + 1) },
            ],
            deleteHashes: [JV.hash],
          }),
        ),
      ).rejects.toBeInstanceOf(AppError);
      expect(await store.allChunks()).toEqual(before);
      expect((await store.searchByText(['joint'], 5))[0]?.source).toBe('jv.md');
    });

    it('writes a reindex in batches that questions do not see until one switch; an aborted one leaves nothing', async () => {
      const before = await store.allChunks();
      const info = await store.indexInfo();
      const added = chunk('alliances.md', 0, 'Strategic alliances share roadmaps without a new entity.');
      const plan = {
        ...changes({}),
        documents: [...changes({}).documents, { source: 'alliances.md', title: 'Alliances', hash: 'h4' }],
      };

      const aborted = await store.beginChanges(plan);
      await aborted.insert([{ chunk: added, embedding: unit(5) }]);
      await aborted.abort();
      expect(await store.allChunks()).toEqual(before);
      expect((await store.indexInfo())?.documents).toBe(info?.documents);

      const writer = await store.beginChanges(plan);
      await writer.retire([before[0]?.hash ?? '']);
      await writer.insert([{ chunk: added, embedding: unit(5) }]);
      // Written, not switched to: the previous index answers, whole.
      expect(await store.allChunks()).toEqual(before);
      expect(await store.searchByText(['roadmaps'], 5)).toEqual([]);
      expect((await store.searchByVector(unit(5), 10)).map((c) => c.hash)).not.toContain(added.hash);
      await writer.commit();
      const after = await store.allChunks();
      expect(after.map((c) => c.hash).sort()).toEqual([...before.slice(1).map((c) => c.hash), added.hash].sort());
      expect((await store.searchByText(['roadmaps'], 5))[0]?.source).toBe('alliances.md');
      expect((await store.indexInfo())?.chunks).toBe(after.length);
    });

    it("shows a running run's progress, and records a cancelled run", async () => {
      const lock = await store.tryLockIndex();
      const id = await store.startRun({ actor: 'carol', trigger: 'http' });
      await store.reportProgress(id, { phase: 'embedding', done: 192, total: 3600 });
      expect((await store.recentRuns(1))[0]).toMatchObject({
        id,
        status: 'running',
        progress: { phase: 'embedding', done: 192, total: 3600 },
      });
      await store.finishRun(id, { status: 'cancelled', error: 'shutting down', warnings: [] });
      expect((await store.recentRuns(1))[0]).toMatchObject({ id, status: 'cancelled', progress: null });
      await lock?.release();
    });

    it('replaces everything when the embedder changes dimension', async () => {
      await store.applyChanges({
        ...changes({}),
        embeddingModel: 'other-model',
        dimensions: 4,
        replaceAll: true,
        insert: [{ chunk: JV, embedding: [1, 0, 0, 0] }],
      });
      expect(await store.indexInfo()).toMatchObject({ embeddingModel: 'other-model', dimensions: 4, chunks: 1 });
      expect((await store.searchByVector([1, 0, 0, 0], 3))[0]?.hash).toBe(JV.hash);
    });

    it('lets one reindex hold the lock at a time', async () => {
      const lock = await store.tryLockIndex();
      expect(lock).not.toBeNull();
      expect(await store.tryLockIndex()).toBeNull();
      await lock?.release();
      await lock?.release();
      const again = await store.tryLockIndex();
      expect(again).not.toBeNull();
      await again?.release();
    });

    it('records index runs and marks runs interrupted by a dead process', async () => {
      const dead = await store.startRun({ actor: 'crashed', trigger: 'cli' });
      const lock = await store.tryLockIndex();
      await lock?.release();
      const id = await store.startRun({ actor: 'alice', trigger: 'http' });
      await store.finishRun(id, {
        status: 'succeeded',
        counts: { added: 1, updated: 0, removed: 0, unchanged: 2, embedded: 1, documents: 2, chunks: 3 },
        warnings: ['skipped empty.md'],
      });
      const failed = await store.startRun({ actor: 'bob', trigger: 'slack' });
      await store.finishRun(failed, { status: 'failed', error: 'embedder down', warnings: [] });
      const runs = await store.recentRuns(10);
      expect(runs[0]).toMatchObject({ id: failed, actor: 'bob', status: 'failed', error: 'embedder down' });
      expect(runs[1]).toMatchObject({
        id,
        status: 'succeeded',
        counts: { added: 1, chunks: 3 },
        warnings: ['skipped empty.md'],
      });
      expect(runs[1]?.startedAt).toBeInstanceOf(Date);
      expect(runs[1]?.durationMs).toBeGreaterThanOrEqual(0);
      expect(runs.find((r) => r.id === dead)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/Interrupted/),
      });
    });

    it('stores feedback on known answers only, one vote per user', async () => {
      await store.recordAnswer({ answerId: 'answer-1', channel: 'web', result: answer('answer-1') });
      await store.recordFeedback({ answerId: 'answer-1', vote: 'up', channel: 'web' });
      await store.recordFeedback({ answerId: 'answer-1', vote: 'up', channel: 'slack', user: 'U1' });
      await store.recordFeedback({
        answerId: 'answer-1',
        vote: 'down',
        channel: 'slack',
        user: 'U1',
        comment: 'outdated',
      });
      const error = await store
        .recordFeedback({ answerId: 'nope', vote: 'up', channel: 'web' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('not_found');
    });

    it('stores answers given at the same moment (one grouped write), tricky text included', async () => {
      const tricky = 'He said "JV" {a,b} \\ back\\slash, NULL, émoji 🤝, 日本語\nnew line';
      const ids = Array.from({ length: 25 }, (_, i) => `burst-${i}`);
      await Promise.all(
        [...ids, 'burst-0'].map((id) =>
          store.recordAnswer({
            answerId: id,
            channel: 'web',
            result: { ...answer(id), question: tricky, answer: `${tricky} [1]`, abstained: id.endsWith('3') },
          }),
        ),
      );
      for (const id of ids) await store.recordFeedback({ answerId: id, vote: 'up', channel: 'web' });
    });

    it('keeps the coverage and gap of each answer for the knowledge-gap report', async () => {
      await store.recordAnswer({ answerId: `${name}-full`, channel: 'web', result: answer(`${name}-full`) });
      await store.recordAnswer({
        answerId: `${name}-partial`,
        channel: 'slack',
        result: { ...answer(`${name}-partial`), coverage: 'partial', gap: 'risks specific to joint ventures' },
      });
      await store.recordAnswer({
        answerId: `${name}-none`,
        channel: 'cli',
        result: { ...answer(`${name}-none`), abstained: true, coverage: 'not_covered', gap: 'exit clauses' },
      });
      const data = await store.reportData(new Date(Date.now() - 3_600_000));
      expect(data.unanswered).toEqual(
        expect.arrayContaining([
          { question: 'q', coverage: 'partial', gap: 'risks specific to joint ventures' },
          { question: 'q', coverage: 'not_covered', gap: 'exit clauses' },
        ]),
      );
      expect(data.perChannel).toEqual(
        expect.arrayContaining([expect.objectContaining({ channel: 'slack', coverage: 'partial' })]),
      );
    });

    it('claims chat events once and counts rate-limit hits', async () => {
      expect(await store.claimEvent(`${name}:Ev1`)).toBe(true);
      expect(await store.claimEvent(`${name}:Ev1`)).toBe(false);
      expect(await store.hit('rate:test:U1', 60)).toBe(1);
      expect(await store.hit('rate:test:U1', 60)).toBe(2);
      expect(await store.hit('rate:test:U2', 60)).toBe(1);
    });

    it('keeps conversation turns in order, limited and prunable', async () => {
      for (let i = 1; i <= 4; i++) await store.appendTurn('conv-1', { question: `q${i}`, answer: `a${i}` });
      await store.appendTurn('conv-2', { question: 'other', answer: 'other' });
      expect((await store.recentTurns('conv-1', 2)).map((t) => t.question)).toEqual(['q3', 'q4']);
      expect(await store.pruneTurns(new Date(Date.now() + 60_000))).toBe(5);
      expect(await store.recentTurns('conv-1', 5)).toEqual([]);
    });
  });
}

describeStore('PGlite in memory', async () => ({ database: { kind: 'memory' }, teardown: async () => {} }));

describeStore('PGlite on disk', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisor-store-'));
  return { database: { kind: 'pglite', dataDir: dir }, teardown: () => rm(dir, { recursive: true, force: true }) };
});

describeStore('PostgreSQL wire protocol (pg driver, PGlite via pglite-socket)', async () => {
  const server = await startPgliteServer();
  return { database: { kind: 'postgres', url: server.url }, teardown: () => server.close() };
});

describe('store across processes (pg driver)', () => {
  it('holds the reindex lock and event claims across two store instances', async () => {
    const server = await startPgliteServer();
    const a = await openStore({ kind: 'postgres', url: server.url }, { logger: silentLogger });
    const b = await openStore({ kind: 'postgres', url: server.url }, { logger: silentLogger });
    try {
      const lock = await a.tryLockIndex();
      expect(lock).not.toBeNull();
      expect(await b.tryLockIndex()).toBeNull();
      await lock?.release();
      const lockB = await b.tryLockIndex();
      expect(lockB).not.toBeNull();
      await lockB?.release();

      const claims = await Promise.all([
        a.claimEvent('slack:Ev9'),
        b.claimEvent('slack:Ev9'),
        a.claimEvent('slack:Ev9'),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await server.close();
    }
  });

  it('names an unreachable database without its password', async () => {
    const error = await openStore(
      { kind: 'postgres', url: 'postgres://advisor:s3cret-pw@127.0.0.1:1/advisor' },
      { logger: silentLogger },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('db_unavailable');
    expect((error as AppError).message).toContain('127.0.0.1:1');
    expect((error as AppError).message).not.toContain('s3cret-pw');
  });
});
