/**
 * In-process figures on the shipped corpus with the zero-config defaults: `ask` latency in a warm
 * process and the cost of a reindex with nothing changed.
 */
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { ms, percentile } from './stats.js';

export interface AskFigures {
  readonly questions: number;
  readonly p50: number;
  readonly p95: number;
  readonly noChangeReindexMs: number;
  readonly noChangeReindexEmbedded: number;
  readonly fullReindexMs: number;
  readonly chunks: number;
}

export async function benchAsk(rounds = 5): Promise<AskFigures> {
  const config = loadConfig({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent' });
  const composition = await compose(config, { logger: pino({ level: 'silent' }) });
  const { advisor } = composition;
  try {
    const full = await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    const cases = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl');
    for (const c of cases) await advisor.ask(c.question); // warm-up
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        const t0 = performance.now();
        await advisor.ask(c.question);
        times.push(performance.now() - t0);
      }
    }
    const noChange = await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    return {
      questions: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      noChangeReindexMs: noChange.durationMs,
      noChangeReindexEmbedded: noChange.counts.embedded,
      fullReindexMs: full.durationMs,
      chunks: full.counts.chunks,
    };
  } finally {
    await composition.close();
  }
}

export function formatAskFigures(f: AskFigures): string {
  return [
    `ask (warm, in process, ${f.questions} questions): p50 ${ms(f.p50)}, p95 ${ms(f.p95)}`,
    `full reindex of ${f.chunks} chunks: ${ms(f.fullReindexMs)}`,
    `no-change reindex: ${ms(f.noChangeReindexMs)}, ${f.noChangeReindexEmbedded} chunks embedded`,
  ].join('\n');
}
