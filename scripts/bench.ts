/**
 * Benchmarks: `npm run bench` runs all; `npm run bench -- ask http` runs some. Prints the figures
 * and writes them, with the machine and date, to bench/RESULTS.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchAsk, formatAskFigures } from './bench/ask.js';
import { benchCompare, formatCompareFigures } from './bench/compare.js';
import { benchHttp, formatHttpFigures } from './bench/http.js';
import { benchSlack, formatSlackFigures } from './bench/slack.js';
import { benchSlackLoad, formatSlackLoadFigures } from './bench/slack-load.js';

const BENCHES: Record<string, { title: string; run: () => Promise<string> }> = {
  ask: {
    title: 'Answering and reindexing in process (zero-config defaults)',
    run: async () => formatAskFigures(await benchAsk()),
  },
  compare: {
    title: 'Partnership model comparisons in process (zero-config, extractive)',
    run: async () => formatCompareFigures(await benchCompare()),
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
  slack: {
    title: 'Slack: acknowledgement latency and retries (signed requests, fake Slack on 127.0.0.1)',
    run: async () => formatSlackFigures(await benchSlack()),
  },
  'slack-load': {
    title: 'Slack /slack/events and /api/ask under the same load (signed distinct mentions, fake Slack on 127.0.0.1)',
    run: async () => formatSlackLoadFigures(await benchSlackLoad()),
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
  const sections = [`# Benchmark results\n\n${header}\n`];
  process.stdout.write(`${header}\n`);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) continue;
    process.stdout.write(`\n## ${bench.title}\n`);
    const text = await bench.run();
    process.stdout.write(`${text}\n`);
    sections.push(`## ${bench.title}\n\n${text}\n`);
  }
  await mkdir('bench', { recursive: true });
  await writeFile('bench/RESULTS.md', sections.join('\n'));
  process.stdout.write('\nWritten to bench/RESULTS.md\n');
}

void main();
