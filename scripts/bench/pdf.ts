/**
 * PDF indexing throughput: a generated 200-page PDF (pages of headings and paragraphs taken from the
 * shipped chapters) read by the knowledge source's parser alone, and indexed end to end (parse,
 * chunk, embed with the built-in embedder, write to PGlite in memory).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseKnowledgeFile } from '../../src/adapters/knowledge/parse-file.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makePdf, type PdfPage } from '../fixtures/pdf.js';
import { loadSeedCorpus } from './synthetic-corpus.js';

export interface PdfFigures {
  readonly pages: number;
  readonly bytes: number;
  readonly parseMs: number;
  /** CPU time of the same parse (user + system): steadier than wall time on a shared machine. */
  readonly parseCpuMs: number;
  readonly indexMs: number;
  readonly chunks: number;
}

async function pagesFromCorpus(count: number): Promise<PdfPage[]> {
  const { chunks } = await loadSeedCorpus();
  return Array.from({ length: count }, (_, i) => {
    const chunk = chunks[i % chunks.length];
    const next = chunks[(i + 1) % chunks.length];
    const heading = i % 3 === 0 ? chunk?.section.split(' › ').at(-1) : undefined;
    return { ...(heading ? { heading } : {}), paragraphs: [chunk?.text ?? '', next?.text ?? ''] };
  });
}

export async function benchPdf(options: { pages: number; runs: number }): Promise<PdfFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisor-bench-pdf-'));
  try {
    const pdf = await makePdf(await pagesFromCorpus(options.pages), { title: 'Benchmark Playbook' });
    await writeFile(path.join(dir, 'Benchmark.pdf'), pdf);
    await writeFile(path.join(dir, 'glossary.json'), await readFile('knowledge/glossary.json'));
    // Warm-up (loads pdf.js), then the best of `runs` parses.
    await parseKnowledgeFile('Benchmark.pdf', pdf);
    let parseMs = Number.POSITIVE_INFINITY;
    let parseCpuMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < options.runs; i += 1) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const parsed = await parseKnowledgeFile('Benchmark.pdf', pdf);
      const used = process.cpuUsage(cpu);
      parseMs = Math.min(parseMs, performance.now() - started);
      parseCpuMs = Math.min(parseCpuMs, (used.user + used.system) / 1000);
      if ('problem' in parsed) throw new Error(`the generated PDF was skipped: ${parsed.problem}`);
    }
    const config = loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir, LOG_LEVEL: 'silent' });
    const composition = await compose(config, { logger: pino({ level: 'silent' }) });
    try {
      const result = await composition.advisor.reindex({ actor: 'bench', trigger: 'cli' });
      return {
        pages: options.pages,
        bytes: pdf.length,
        parseMs,
        parseCpuMs,
        indexMs: result.durationMs,
        chunks: result.counts.chunks,
      };
    } finally {
      await composition.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatPdfFigures(f: PdfFigures): string {
  const rate = (ms: number) => `${((f.pages / ms) * 1000).toFixed(0)} pages/s`;
  return [
    `A generated ${f.pages}-page PDF (${(f.bytes / 1024).toFixed(0)} KB, ${f.chunks} chunks):`,
    '',
    '| step | time | throughput |',
    '| --- | --- | --- |',
    `| parse (pdf-parse, page text, headings), wall time | ${f.parseMs.toFixed(0)} ms | ${rate(f.parseMs)} |`,
    `| parse, CPU time | ${f.parseCpuMs.toFixed(0)} ms | ${rate(f.parseCpuMs)} per CPU-second |`,
    `| full index (parse, chunk, embed, write) | ${f.indexMs.toFixed(0)} ms | ${rate(f.indexMs)} |`,
  ].join('\n');
}
