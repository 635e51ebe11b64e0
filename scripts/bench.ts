/**
 * Benchmarks: `npm run bench` runs all; `npm run bench -- ask http` runs some (retrieval, reindex,
 * ask, http, pdf, ...). Prints the figures and writes them, with the machine and date, to bench/RESULTS.md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchAsk, formatAskFigures } from './bench/ask.js';
import { benchCompare, formatCompareFigures } from './bench/compare.js';
import { benchHttp, formatHttpFigures } from './bench/http.js';
import { benchMcp, formatMcpFigures } from './bench/mcp.js';
import { benchPdf, formatPdfFigures } from './bench/pdf.js';
import { benchReindex, formatReindexFigures } from './bench/reindex.js';
import { benchReindexServing, formatReindexServingFigures } from './bench/reindex-serving.js';
import { benchReport, formatReportFigures } from './bench/report.js';
import { benchRetrieval, formatRetrievalFigures } from './bench/retrieval.js';
import { benchSlack, formatSlackFigures } from './bench/slack.js';
import { benchSlackLoad, formatSlackLoadFigures } from './bench/slack-load.js';
import { benchStreaming, formatStreamingFigures } from './bench/streaming.js';

const progress = (line: string) => process.stderr.write(`  ${new Date().toISOString().slice(11, 19)} ${line}\n`);

const BENCHES: Record<string, { title: string; run: () => Promise<string> }> = {
  ask: {
    title: 'Answering and reindexing in process (zero-config defaults)',
    run: async () => formatAskFigures(await benchAsk()),
  },
  compare: {
    title: 'Partnership model comparisons in process (zero-config, extractive)',
    run: async () => formatCompareFigures(await benchCompare()),
  },
  retrieval: {
    title: 'Vector retrieval at 1k, 10k and 100k chunks: HNSW versus exact scan, recall@10 (embedded PGlite)',
    run: async () => formatRetrievalFigures(await benchRetrieval({ log: progress })),
  },
  reindex: {
    title: 'Reindex throughput: full, incremental and no-change (zero-config defaults, PGlite in memory)',
    run: async () => formatReindexFigures(await benchReindex({ documents: 100, sectionsPerDocument: 20 })),
  },
  'reindex-serving': {
    title:
      'Reindex while serving: 3,600 changed chunks, the server sampled meanwhile (zero-config defaults, compiled server)',
    run: async () => formatReindexServingFigures(await benchReindexServing({ log: progress })),
  },
  http: {
    title: 'HTTP server: POST /api/ask under load (autocannon, 127.0.0.1)',
    run: async () => {
      // The eval questions are sent round-robin, so repeats hit the retrieval cache as common
      // questions do in use; the second server has the cache off and computes every question.
      const cached = await benchHttp({ connections: [1, 20, 100], durationSec: 8 });
      const uncached = await benchHttp({
        connections: [1, 20, 100],
        durationSec: 8,
        env: { RETRIEVAL_CACHE_SIZE: '0' },
      });
      return [
        '### Defaults (retrieval cache on)',
        formatHttpFigures(cached),
        '',
        '### Retrieval cache off (RETRIEVAL_CACHE_SIZE=0): every question searched',
        formatHttpFigures(uncached),
      ].join('\n');
    },
  },
  mcp: {
    title: 'MCP ask tool round trip over stdio in a warm process (SDK client, zero-config defaults)',
    run: async () => formatMcpFigures(await benchMcp()),
  },
  report: {
    title: 'Knowledge-gap report over 10,000 stored answers (zero-config defaults, PGlite in memory)',
    run: async () => formatReportFigures(await benchReport()),
  },
  pdf: {
    title: 'PDF indexing throughput (generated 200-page PDF, zero-config defaults, PGlite in memory)',
    run: async () => formatPdfFigures(await benchPdf({ pages: 200, runs: 3 })),
  },
  slack: {
    title: 'Slack: acknowledgement latency and retries (signed requests, fake Slack on 127.0.0.1)',
    run: async () => formatSlackFigures(await benchSlack()),
  },
  'slack-load': {
    title: 'Slack /slack/events and /api/ask under the same load (signed distinct mentions, fake Slack on 127.0.0.1)',
    run: async () => formatSlackLoadFigures(await benchSlackLoad()),
  },
  streaming: {
    title:
      "Streamed answers: first text after the model's first token, Slack calls, retries, idle RSS (stub model, fake Slack and Bot Connector)",
    run: async () => formatStreamingFigures(await benchStreaming()),
  },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark: ${unknown.join(', ')}. Choose from: ${Object.keys(BENCHES).join(', ')}.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  process.stdout.write(`${header}\n`);
  // Absolute times depend on what else runs: the load average says how busy the CPUs were.
  const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';
  const sections = new Map(parseSections(await readFile(RESULTS, 'utf8').catch(() => '')));
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) continue;
    process.stdout.write(`\n## ${bench.title}\n`);
    const before = load();
    const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const text = await bench.run();
    const note = `_Run ${started} UTC; 1-minute load average ${before} before, ${load()} after, on ${os.cpus().length} CPUs._`;
    process.stdout.write(`${text}\n${note}\n`);
    sections.set(bench.title, `${text}\n\n${note}`);
  }
  // Benches not run this time keep their last figures; the order follows BENCHES.
  const ordered = Object.values(BENCHES)
    .map((b) => b.title)
    .filter((t) => sections.has(t));
  const body = ordered.map((t) => `## ${t}\n\n${sections.get(t)}\n`).join('\n');
  await mkdir('bench', { recursive: true });
  await writeFile(RESULTS, `# Benchmark results\n\n${header}\n\n${body}`);
  process.stdout.write(`\nWritten to ${RESULTS}\n`);
}

const RESULTS = 'bench/RESULTS.md';

/** Splits RESULTS.md into [title, body] pairs by its "## " headings. */
function parseSections(text: string): Array<[string, string]> {
  return text
    .split(/^## /m)
    .slice(1)
    .map((part) => {
      const newline = part.indexOf('\n');
      return [part.slice(0, newline).trim(), part.slice(newline + 1).trim()] as [string, string];
    });
}

void main();
