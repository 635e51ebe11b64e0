/**
 * Reindex throughput with the zero-config defaults (local embedder, embedded PGlite in memory): a
 * full build, an incremental reindex after one chapter changed, and a reindex with nothing changed,
 * on the shipped corpus and on a bigger synthetic knowledge folder made from it.
 */
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { mb, ms } from './stats.js';
import { loadSeedCorpus, writeSyntheticKnowledge } from './synthetic-corpus.js';

export interface ReindexFigures {
  readonly corpus: string;
  readonly chunks: number;
  readonly fullMs: number;
  readonly incrementalMs: number;
  readonly incrementalEmbedded: number;
  readonly noChangeMs: number;
  readonly rssAfter: number;
}

async function measure(corpus: string, knowledgeDir: string, changedFile: string): Promise<ReindexFigures> {
  const config = loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: 'silent' });
  const composition = await compose(config, { logger: pino({ level: 'silent' }) });
  try {
    const { advisor } = composition;
    const full = await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    await appendFile(
      path.join(knowledgeDir, changedFile),
      '\n\n## Benchmark addendum\n\nA partnership review board checks milestones, budgets and risks every quarter.\n\nIt also agrees on the next steps with both partners.\n',
    );
    const incremental = await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    const noChange = await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    return {
      corpus,
      chunks: full.counts.chunks,
      fullMs: full.durationMs,
      incrementalMs: incremental.durationMs,
      incrementalEmbedded: incremental.counts.embedded,
      noChangeMs: noChange.durationMs,
      rssAfter: process.memoryUsage().rss,
    };
  } finally {
    await composition.close();
  }
}

export async function benchReindex(options: {
  documents: number;
  sectionsPerDocument: number;
}): Promise<ReindexFigures[]> {
  const shipped = await mkdtemp(path.join(tmpdir(), 'advisor-bench-kb-'));
  const synthetic = await mkdtemp(path.join(tmpdir(), 'advisor-bench-synthetic-'));
  try {
    await cp('knowledge', shipped, { recursive: true });
    await cp('knowledge/glossary.json', path.join(synthetic, 'glossary.json'));
    const names = await writeSyntheticKnowledge(synthetic, await loadSeedCorpus(), options);
    return [
      await measure('shipped chapters', shipped, 'overview-of-partnerships.md'),
      await measure(
        `synthetic: ${options.documents} chapters × ${options.sectionsPerDocument} sections`,
        synthetic,
        names[0] ?? '',
      ),
    ];
  } finally {
    await rm(shipped, { recursive: true, force: true });
    await rm(synthetic, { recursive: true, force: true });
  }
}

export function formatReindexFigures(rows: readonly ReindexFigures[]): string {
  const lines = [
    '| corpus | chunks | full | full chunks/s | incremental (1 chapter changed) | embedded | no-change | no-change / full | RSS after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.corpus} | ${r.chunks} | ${ms(r.fullMs)} | ${((r.chunks / r.fullMs) * 1000).toFixed(0)} | ${ms(r.incrementalMs)} | ${r.incrementalEmbedded} | ${ms(r.noChangeMs)} | ${((r.noChangeMs / r.fullMs) * 100).toFixed(1)} % | ${mb(r.rssAfter)} |`,
    );
  }
  return lines.join('\n');
}
