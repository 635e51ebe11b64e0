import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { PgliteClient } from '../src/adapters/store/sql-client.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config/load-config.js';
import { parseEvalSet } from '../src/core/eval/eval-set.js';
const stats = new Map<string, { n: number; t: number }>();
const orig = PgliteClient.prototype.query;
PgliteClient.prototype.query = async function (this: any, sql: string, params?: readonly unknown[]) {
  const t0 = performance.now();
  try { return await orig.call(this, sql, params as any); } finally {
    const k = sql.replace(/\s+/g, ' ').slice(0, 60); const s = stats.get(k) ?? { n: 0, t: 0 }; s.n++; s.t += performance.now() - t0; stats.set(k, s);
  }
} as any;
const config = loadConfig({ DATABASE_URL: 'pglite:///tmp/rss', LOG_LEVEL: 'silent', RETRIEVAL_CACHE_SIZE: '0' });
const c = await compose(config, { logger: pino({ level: 'silent' }) });
await c.advisor.ensureIndexed({ actor: 'prof' });
const cases = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'x');
for (const q of cases) await c.advisor.ask(q.question, { channel: 'web' });
stats.clear();
const t0 = performance.now(); let n = 0;
for (let r = 0; r < 4; r++) for (const q of cases) { await c.advisor.ask(q.question, { channel: 'web' }); n++; }
console.log('per ask ms', ((performance.now() - t0) / n).toFixed(2));
for (const [k, s] of stats) console.log((s.t / n).toFixed(2), 'ms/ask', s.n / n, 'calls', k);
await c.close();
