/**
 * Offline comparison of two partnership models in a warm process (zero-config, extractive), over
 * every pair of catalog models: with the per-model column cache as in use, and with a fresh models
 * service per pair (chunks reloaded, every column computed, corpus-wide searches run).
 */
import { pino } from 'pino';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CatalogModels } from '../../src/core/models/partnership-models.js';
import { silentLogger } from '../../src/core/ports.js';
import { ms, percentile } from './stats.js';

export interface CompareFigures {
  readonly pairs: number;
  readonly cached: { p50: number; p95: number };
  readonly uncached: { p50: number; p95: number };
  readonly listMs: number;
  readonly recommend: { p50: number; p95: number };
}

const SITUATIONS = [
  "We have a proprietary vision model and want a retailer's data without giving up our IP",
  'We need to get to market fast and share the risk with a partner',
  'We want to keep control but lack the capital to build an AI platform alone',
  'A university has research we want to turn into a product',
];

export async function benchCompare(rounds = 3): Promise<CompareFigures> {
  const config = loadConfig({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent' });
  const composition = await compose(config, { logger: pino({ level: 'silent' }) });
  const { advisor, models } = composition;
  try {
    await advisor.reindex({ actor: 'bench', trigger: 'cli' });
    const t0 = performance.now();
    const ids = (await models.list()).models.map((m) => m.model.id);
    const listMs = performance.now() - t0;
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]] as [string, string]);
    for (const p of pairs) await models.compare(p); // warm-up
    const cached: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const p of pairs) {
        const t = performance.now();
        await models.compare(p);
        cached.push(performance.now() - t);
      }
    }
    const uncached: number[] = [];
    for (const p of pairs) {
      const fresh = new CatalogModels({
        knowledge: advisor.knowledge,
        source: composition.source,
        logger: silentLogger,
      });
      const t = performance.now();
      await fresh.compare(p);
      uncached.push(performance.now() - t);
    }
    const rec: number[] = [];
    for (let r = 0; r < rounds * 5; r++) {
      for (const s of SITUATIONS) {
        const t = performance.now();
        await models.recommend(s);
        rec.push(performance.now() - t);
      }
    }
    const pct = (v: number[]) => ({ p50: percentile(v, 50), p95: percentile(v, 95) });
    return { pairs: pairs.length, cached: pct(cached), uncached: pct(uncached), listMs, recommend: pct(rec) };
  } finally {
    await composition.close();
  }
}

export function formatCompareFigures(f: CompareFigures): string {
  return [
    `compare two models (warm, extractive, all ${f.pairs} pairs): p50 ${ms(f.cached.p50)}, p95 ${ms(f.cached.p95)}`,
    `compare two models, nothing cached in the models service (columns and their units computed; the knowledge base's chunks and retrievals shared): p50 ${ms(f.uncached.p50)}, p95 ${ms(f.uncached.p95)}`,
    `models list (first call after reindex): ${ms(f.listMs)}`,
    `recommend (${SITUATIONS.length} situations): p50 ${ms(f.recommend.p50)}, p95 ${ms(f.recommend.p95)}`,
  ].join('\n');
}
