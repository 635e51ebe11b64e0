/**
 * Vector retrieval at 1k, 10k and 100k chunks on embedded PGlite: the kNN query the advisor runs
 * (SqlStore.searchByVector), with the HNSW index and by exact scan side by side in the same run,
 * and HNSW recall@10 against the exact result at several hnsw.ef_search settings.
 */
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { LocalEmbedder } from '../../src/adapters/embeddings/local-embedder.js';
import { HNSW_EF_SEARCH, HNSW_INDEX_SQL } from '../../src/adapters/store/hnsw.js';
import { migrate } from '../../src/adapters/store/migrations.js';
import { PgliteClient } from '../../src/adapters/store/sql-client.js';
import { SqlStore } from '../../src/adapters/store/sql-store.js';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { embeddingInput } from '../../src/core/reindex.js';
import { CorpusStats } from '../../src/core/text/corpus-stats.js';
import { Glossary } from '../../src/core/text/glossary.js';
import { ms, percentile } from './stats.js';
import { loadSeedCorpus, seededRandom, syntheticChunks } from './synthetic-corpus.js';

/** What the retriever asks for with the default RETRIEVAL_K=5: max(24, 3k) candidates. */
const CANDIDATES = 24;
const RECALL_AT = 10;
const INSERT_ROWS = 250;

export interface SizeFigures {
  readonly chunks: number;
  readonly loadMs: number;
  readonly indexBuildMs: number;
  readonly exact: { p50: number; p95: number; cpuP95: number };
  /** One row per ef_search setting. */
  readonly hnsw: Array<{ efSearch: number; p50: number; p95: number; cpuP95: number; recall: number }>;
}

export interface RetrievalFigures {
  readonly queries: number;
  readonly dimensions: number;
  readonly productionEfSearch: number;
  readonly sizes: SizeFigures[];
}

function vectorLiteral(v: readonly number[]): string {
  // float4 keeps about 7 significant digits; shorter text loads faster and stores the same value.
  return `[${v.map((x) => Number(x.toPrecision(7))).join(',')}]`;
}

async function bulkLoad(
  db: PGlite,
  rows: ReadonlyArray<{ title: string; section: string; text: string; vec: string }>,
  offset: number,
) {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const batch = rows.slice(i, i + INSERT_ROWS);
    const params: unknown[] = [];
    const tuples = batch.map((r, j) => {
      const n = offset + i + j;
      params.push(r.title, r.section, r.text, `synthetic-${n}`, r.vec);
      const b = j * 5;
      return `('synthetic.md', $${b + 1}, $${b + 2}, $${b + 3}, ${n}, $${b + 4}, $${b + 5}::vector)`;
    });
    await db.query(
      `INSERT INTO chunks (source, title, section, text, ordinal, hash, embedding) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/**
 * Wall time and this process's CPU time. PGlite runs in this process, so the CPU time is what the
 * query costs; the wall time also holds waiting for a CPU on a busy machine.
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

export async function benchRetrieval(options: {
  sizes?: number[];
  efSearch?: number[];
  productionEfSearch?: number;
  log?: (line: string) => void;
}): Promise<RetrievalFigures> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const production = options.productionEfSearch ?? HNSW_EF_SEARCH;
  const efValues = options.efSearch ?? [...new Set([40, 64, production])];
  const log = options.log ?? (() => {});
  const seed = await loadSeedCorpus();
  const glossary = Glossary.parse(await readFile('knowledge/glossary.json', 'utf8'));
  const embedder = new LocalEmbedder({ glossary });
  // Query weights come from the shipped corpus, as in the running advisor.
  embedder.observeCorpus(
    CorpusStats.fromTexts(
      seed.chunks.map((c) => `${c.title}\n${c.section}\n${c.text}`),
      glossary,
    ),
  );

  const cases = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl');
  const random = seededRandom(3);
  const sentenceQueries = Array.from(
    { length: 40 },
    () => seed.sentences[Math.floor(random() * seed.sentences.length)] ?? '',
  );
  const queries = [...cases.map((c) => c.question), ...sentenceQueries].map((q) => embedder.embedOne(q, 'query'));

  const db = await PGlite.create({
    extensions: { vector },
    // Sized for 100k × vector(512) (about 250 MB of rows and as much index): the table and the graph
    // stay in shared buffers, and the graph is built in memory (maintenance_work_mem).
    postgresqlconf: ['shared_buffers=768MB', 'work_mem=8MB', 'maintenance_work_mem=1GB'],
  });
  const store = new SqlStore(new PgliteClient(db));
  try {
    await migrate(new PgliteClient(db));
    await db.query(`INSERT INTO documents (source, title, hash) VALUES ('synthetic.md', 'Synthetic', 'x')`);
    await db.query(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${embedder.dimensions})`);
    const all = syntheticChunks(seed, Math.max(...sizes));
    const figures: SizeFigures[] = [];
    let loaded = 0;
    for (const size of sizes) {
      log(`retrieval: loading ${size} chunks`);
      const rows = all.slice(loaded, size).map((c) => ({
        ...c,
        vec: vectorLiteral(embedder.embedOne(embeddingInput(c), 'document')),
      }));
      // A bulk load: indexes are dropped first and built once the rows are in.
      await db.query('DROP INDEX IF EXISTS chunks_embedding_hnsw');
      await db.query('DROP INDEX IF EXISTS chunks_tsv_gin');
      const load = await timed(async () => {
        await bulkLoad(db, rows, loaded);
        await db.query('CREATE INDEX chunks_tsv_gin ON chunks USING gin (tsv)');
      });
      loaded = size;
      await db.query('VACUUM ANALYZE chunks');
      log(`retrieval: building HNSW over ${size} chunks`);
      const build = await timed(() => db.query(HNSW_INDEX_SQL));

      const exactTimes: number[] = [];
      const exactCpu: number[] = [];
      const hnswRuns = efValues.map((efSearch) => ({
        efSearch,
        times: [] as number[],
        cpu: [] as number[],
        recall: [] as number[],
      }));
      for (const q of queries) {
        // Exact: the same query with index scans off, so PostgreSQL computes every distance.
        await db.query('SET enable_indexscan = off');
        const exact = await timed(() => store.searchByVector(q, CANDIDATES));
        await db.query('RESET enable_indexscan');
        exactTimes.push(exact.ms);
        exactCpu.push(exact.cpuMs);
        const exactScores = exact.value.slice(0, RECALL_AT).map((c) => c.score);
        const worstExact = exactScores[exactScores.length - 1] ?? 0;
        for (const run of hnswRuns) {
          await db.query(`SET hnsw.ef_search = ${run.efSearch}`);
          const approx = await timed(() => store.searchByVector(q, CANDIDATES));
          run.times.push(approx.ms);
          run.cpu.push(approx.cpuMs);
          // Ties are common in a recombined corpus: a result as close as the exact 10th counts as found.
          const found = approx.value.slice(0, RECALL_AT).filter((c) => c.score >= worstExact - 1e-6).length;
          run.recall.push(found / Math.max(1, Math.min(RECALL_AT, exactScores.length)));
        }
        await db.query('RESET hnsw.ef_search');
      }
      const row: SizeFigures = {
        chunks: size,
        loadMs: load.ms,
        indexBuildMs: build.ms,
        exact: { p50: percentile(exactTimes, 50), p95: percentile(exactTimes, 95), cpuP95: percentile(exactCpu, 95) },
        hnsw: hnswRuns.map((r) => ({
          efSearch: r.efSearch,
          p50: percentile(r.times, 50),
          p95: percentile(r.times, 95),
          cpuP95: percentile(r.cpu, 95),
          recall: r.recall.reduce((a, b) => a + b, 0) / r.recall.length,
        })),
      };
      log(`retrieval: ${JSON.stringify(row)}`);
      figures.push(row);
    }
    return {
      queries: queries.length,
      dimensions: embedder.dimensions,
      productionEfSearch: production,
      sizes: figures,
    };
  } finally {
    await db.close();
  }
}

export function formatRetrievalFigures(f: RetrievalFigures): string {
  const lines = [
    `${f.queries} queries (eval questions and corpus sentences), vector(${f.dimensions}) from the local embedder, ` +
      `top-${CANDIDATES} kNN as the retriever asks it; recall@${RECALL_AT} of HNSW against the exact scan.`,
    `Production setting: hnsw.ef_search = ${f.productionEfSearch} (src/adapters/store/hnsw.ts); PGlite with shared_buffers=768MB for this bench.`,
    '',
    'Wall time includes waiting for a CPU on the shared machine; CPU time is what the query itself costs (PGlite runs in the benchmark process).',
    '',
    '| chunks | load | HNSW build | exact p50 | exact p95 | exact CPU p95 | ef_search | HNSW p50 | HNSW p95 | HNSW CPU p95 | exact/HNSW p95 | recall@10 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of f.sizes) {
    for (const h of s.hnsw) {
      lines.push(
        `| ${s.chunks} | ${(s.loadMs / 1000).toFixed(1)} s | ${(s.indexBuildMs / 1000).toFixed(1)} s | ${ms(s.exact.p50)} | ${ms(s.exact.p95)} | ${ms(s.exact.cpuP95)} | ${h.efSearch} | ${ms(h.p50)} | ${ms(h.p95)} | ${ms(h.cpuP95)} | ${(s.exact.p95 / h.p95).toFixed(1)}× | ${h.recall.toFixed(3)} |`,
      );
    }
  }
  lines.push(
    '',
    'Below about 1k chunks PostgreSQL plans an exact scan even with the index (cheaper by its estimate), so both columns measure the same plan there.',
  );
  return lines.join('\n');
}
