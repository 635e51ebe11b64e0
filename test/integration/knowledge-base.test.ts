/**
 * The knowledge base's one invalidation signal: a reindex in this process, and a reindex made by
 * another process through the store, each empty every cache derived from the index exactly once
 * (the advisor's retrievals, plans and evidence units, the retriever's terms, the sentences, and
 * the partnership models' columns and units), and the next question reads the new index.
 */
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { MemorySearch } from '../../src/adapters/store/memory-search/memory-search.js';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { BoundedMap, ObjectMap, RecentMap } from '../../src/core/knowledge/caches.js';
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { silentLogger } from '../../src/core/ports.js';
import { reindex } from '../../src/core/reindex.js';
import { contentStems } from '../../src/core/text/tokenize.js';

/** Caches made by the knowledge base (3), the advisor (2) and the partnership models (2). */
const CACHES = 7;
const QUESTION = 'How should a joint venture be governed?';

describe('one knowledge base, one invalidation signal', () => {
  let dir: string;
  let c: Composition;
  let kb: KnowledgeBase;
  const changes: number[] = [];
  let clears: MockInstance[] = [];

  /** How many times each cache was emptied since the spies were set (one entry per cache). */
  function clearedCaches(): number[] {
    const byCache = new Map<unknown, number>();
    for (const spy of clears) for (const cache of spy.mock.contexts) byCache.set(cache, (byCache.get(cache) ?? 0) + 1);
    return [...byCache.values()];
  }

  /** Fills every cache: a question (retrieval, plans, evidence, terms) and a comparison (columns, units, sentences). */
  async function warm(): Promise<void> {
    await c.advisor.ask(QUESTION);
    await c.models.compare(['JV', 'licensing']);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'advisor-kb-'));
    await cp('knowledge', dir, { recursive: true });
    c = await compose(loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir, RETRIEVAL_CACHE_SIZE: '100' }), {
      logger: silentLogger,
    });
    kb = c.advisor.knowledge;
    kb.onChange((generation) => changes.push(generation));
    await c.advisor.reindex({ actor: 'test', trigger: 'test' });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await c.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const spy of clears) spy.mockRestore();
    clears = [];
  });

  function spyOnClears(): void {
    clears = [BoundedMap, ObjectMap, RecentMap].map((cache) => vi.spyOn(cache.prototype, 'clear'));
  }

  it('a reindex in this process (even one that changed nothing) empties every cache once', async () => {
    await warm();
    const search = vi.spyOn(MemorySearch.prototype, 'searchByVector');
    await c.advisor.ask(QUESTION);
    expect(search).not.toHaveBeenCalled(); // served from the caches
    const before = kb.generation;
    changes.length = 0;
    spyOnClears();

    const result = await c.advisor.reindex({ actor: 'test', trigger: 'test' });
    expect(result.counts.embedded).toBe(0);
    expect(kb.generation).toBe(before + 1);
    expect(changes).toEqual([before + 1]);
    expect(clearedCaches()).toEqual(Array(CACHES).fill(1));

    await c.advisor.ask(QUESTION);
    expect(search).toHaveBeenCalled(); // the retrieval was made again
    search.mockRestore();
  });

  it('a reindex by another process is noticed through the store: the new index is read, every cache emptied once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await kb.current(); // checked now: the next check waits for the interval
    await warm();
    const [offboard] = contentStems('offboarding');
    expect(kb.stats.has(offboard as string)).toBe(false);
    const before = kb.generation;
    changes.length = 0;
    const allChunks = vi.spyOn(c.store, 'allChunks');
    spyOnClears();

    // Another process: the same database, its own reindex, nothing of this process's knowledge base.
    await appendFile(
      path.join(dir, 'overview-of-partnerships.md'),
      '\n\n## Partnership offboarding\n\nPartnership offboarding returns shared data, revokes access and settles open invoices.\n',
    );
    const other = await reindex(
      { store: c.store, embedder: c.embedder, source: c.source, logger: silentLogger },
      { actor: 'other replica', trigger: 'test' },
    );
    expect(other.counts.embedded).toBeGreaterThan(0);

    // Within the check interval this process answers from what it read; then it notices.
    await c.advisor.ask(QUESTION);
    expect(kb.generation).toBe(before);
    vi.advanceTimersByTime(1000);
    const [answer] = await Promise.all([
      c.advisor.ask('What happens in partnership offboarding?'),
      c.models.compare(['JV', 'licensing']),
    ]);
    expect(JSON.stringify(answer.citations)).toContain('offboarding');
    expect(kb.stats.has(offboard as string)).toBe(true);
    expect(allChunks).toHaveBeenCalledTimes(1);
    expect(kb.generation).toBe(before + 1);
    expect(changes).toEqual([before + 1]);
    expect(clearedCaches()).toEqual(Array(CACHES).fill(1));

    // Nothing moved since: later checks change nothing.
    vi.advanceTimersByTime(1000);
    await kb.current();
    expect(kb.generation).toBe(before + 1);
    allChunks.mockRestore();
    vi.useRealTimers();
  });

  it('while the index is read again after a reindex, questions are answered from what is held, without waiting', async () => {
    await warm();
    const before = kb.generation;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The read of the new index takes as long as the test says.
    const read = c.store.allChunks.bind(c.store);
    const allChunks = vi.spyOn(c.store, 'allChunks').mockImplementationOnce(async () => {
      await held;
      return read();
    });
    const indexGeneration = vi.spyOn(c.store, 'indexGeneration').mockResolvedValueOnce(-1);
    try {
      const reading = kb.reindexed();
      const answer = await c.advisor.ask(QUESTION);
      expect(answer.coverage).not.toBe('not_covered');
      expect(kb.generation).toBe(before); // answered from the index held
      release();
      await reading;
      expect(kb.generation).toBe(before + 1);
      expect(kb.chunks.length).toBeGreaterThan(0);
    } finally {
      allChunks.mockRestore();
      indexGeneration.mockRestore();
    }
  });
});
