/**
 * The index's copy in memory ranks as the database does: for every question of the eval sets, its
 * full-text search returns the database's chunks in the database's order with ts_rank_cd's scores,
 * and its vector search the database's nearest chunks with pgvector's similarities. After a reindex
 * only the new rows are read, and an embedder whose size no longer matches the index gets a clear
 * error, not a wrong answer.
 */
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SearchRows } from '../../src/adapters/store/memory-search/search-rows.js';
import { addTsvector, LexemeIds } from '../../src/adapters/store/memory-search/tsvector.js';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ChunkSearch } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { queryTerms } from '../../src/core/text/query-terms.js';
import type { ScoredChunk } from '../../src/core/types.js';

async function evalQuestions(): Promise<string[]> {
  const questions: string[] = [];
  for (const file of ['knowledge/eval.jsonl', 'knowledge/answers-eval.jsonl']) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (line.trim()) questions.push((JSON.parse(line) as { question: string }).question);
    }
  }
  return questions;
}

const ranked = (chunks: readonly ScoredChunk[]) => chunks.map((c) => c.id);

describe('searching the index in memory', () => {
  let dir: string;
  let c: Composition;
  let memory: ChunkSearch;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'advisor-memory-search-'));
    await cp('knowledge', dir, { recursive: true });
    c = await compose(loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir }), { logger: silentLogger });
    await c.advisor.reindex({ actor: 'test', trigger: 'test' });
    const copy = await c.store.memorySearch(await c.store.allChunks(), null);
    if (!copy) throw new Error('the shipped corpus should fit in memory');
    memory = copy;
  });
  afterAll(async () => {
    await c?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ranks full text as the database does: same chunks, same order, same ts_rank_cd scores', async () => {
    const glossary = c.advisor.knowledge.glossary;
    let compared = 0;
    for (const question of await evalQuestions()) {
      const words = queryTerms(question, glossary).searchWords;
      const [inDatabase, inMemory] = await Promise.all([
        c.store.searchByText(words, 24),
        memory.searchByText(words, 24),
      ]);
      expect(ranked(inMemory), question).toEqual(ranked(inDatabase));
      for (const [i, chunk] of inMemory.entries())
        expect(chunk.score).toBeCloseTo(inDatabase[i]?.score ?? Number.NaN, 6);
      if (inDatabase.length) compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('finds the nearest chunks as the database does, with the same similarities', async () => {
    for (const question of (await evalQuestions()).slice(0, 120)) {
      const [embedding = []] = await c.embedder.embed([question], 'query');
      const [inDatabase, inMemory] = await Promise.all([
        c.store.searchByVector(embedding, 10),
        memory.searchByVector(embedding, 10),
      ]);
      // Exact ties may come in either order: compare the similarities rank by rank, and the chunks as sets.
      for (const [i, chunk] of inMemory.entries())
        expect(chunk.score).toBeCloseTo(inDatabase[i]?.score ?? Number.NaN, 5);
      const tiedAtTheEnd = inDatabase.filter((d) => Math.abs(d.score - (inDatabase.at(-1)?.score ?? 0)) < 1e-6);
      const sure = inDatabase.filter((d) => !tiedAtTheEnd.includes(d));
      expect(ranked(inMemory)).toEqual(expect.arrayContaining(ranked(sure)));
    }
  });

  it('reads a tsvector the way PostgreSQL writes it, quotes and backslashes included', async () => {
    const db = await PGlite.create();
    try {
      // A lexeme may hold any character: PostgreSQL quotes ' as '' and \ as \\ when it writes one out.
      const literal = "'o''neil':1 'back\\\\slash':2,5A 'plain':3B,4 'weightless'";
      const { rows } = await db.query<{ t: string; lexeme: string; weights: string[] | null }>(
        'SELECT $1::tsvector::text AS t, u.lexeme, u.weights FROM unnest($1::tsvector) AS u',
        [literal],
      );
      const ids = new LexemeIds();
      const lexemes: number[] = [];
      const weights: number[] = [];
      addTsvector(rows[0]?.t ?? '', ids, lexemes, weights);
      const read = new Map(lexemes.map((id, i) => [id, weights[i]]));
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        const id = ids.find(row.lexeme);
        if (row.weights?.length) expect(id, row.lexeme).toBeDefined();
        // ts_rank_cd's weights: A 1, B 0.4, C 0.2, D (unlabelled) 0.1; a lexeme without positions gives no cover.
        const weight = (row.weights ?? []).reduce((sum, w) => sum + ({ A: 1, B: 0.4, C: 0.2, D: 0.1 }[w] ?? 0), 0);
        expect(read.get(id as number) ?? 0).toBeCloseTo(weight, 6);
      }
      expect(rows.some((r) => r.lexeme.includes("'"))).toBe(true);
      expect(rows.some((r) => r.lexeme.includes('\\'))).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('after a reindex reads only the new rows, and answers from the new index', async () => {
    const reader = vi.spyOn(SearchRows, 'reader');
    try {
      await appendFile(
        path.join(dir, 'overview-of-partnerships.md'),
        '\n\n## Partnership offboarding\n\nPartnership offboarding returns shared data, revokes access and settles open invoices.\n',
      );
      const result = await c.advisor.reindex({ actor: 'test', trigger: 'test' });
      expect(result.counts.embedded).toBeGreaterThan(0);
      expect(reader).toHaveBeenCalledTimes(1);
      const [capacity] = reader.mock.calls[0] ?? [];
      expect(capacity).toBe(result.counts.embedded);
      const answer = await c.advisor.ask('What happens in partnership offboarding?');
      expect(JSON.stringify(answer.citations)).toContain('offboarding');
    } finally {
      reader.mockRestore();
    }
  });

  it('refuses a query vector of another size with a clear error naming the fix', async () => {
    await expect(memory.searchByVector([1, 0, 0], 5)).rejects.toMatchObject({
      code: 'db_error',
      remedy: 'reindex',
      message: expect.stringMatching(/embedding model changed.*reindex/),
    });
  });
});
