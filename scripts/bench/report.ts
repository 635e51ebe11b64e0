/**
 * The knowledge-gap report over 10,000 stored answers (zero-config defaults, PGlite in memory):
 * answers as the server stores them (a share partial or not covered, each with citations), 1,000
 * votes with comments, then the report built five times.
 */
import { readFile } from 'node:fs/promises';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { silentLogger } from '../../src/core/ports.js';
import { ms, percentile } from './stats.js';

export interface ReportFigures {
  readonly answers: number;
  readonly gaps: number;
  readonly p50: number;
  readonly max: number;
}

const TOPICS = ['exit clauses', 'equity split', 'royalty rates', 'model weights', 'data residency', 'board seats'];
const FORMS = ['What should we know about {t}?', 'How do we handle {t} in a deal?', 'Any guidance on {t} for a JV?'];

export async function benchReport(options: { answers: number } = { answers: 10_000 }): Promise<ReportFigures> {
  const questions = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl').map(
    (c) => c.question,
  );
  const composition = await compose(loadConfig({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent' }), {
    logger: silentLogger,
  });
  try {
    await composition.advisor.ensureIndexed({ actor: 'bench', trigger: 'startup' });
    // Real answers (with real citations) to copy from, one per eval question.
    const samples = await Promise.all(questions.map((q) => composition.advisor.ask(q, { channel: 'bench' })));
    const ids: string[] = [];
    for (let start = 0; start < options.answers; start += 500) {
      const batch = [];
      for (let i = start; i < Math.min(options.answers, start + 500); i += 1) {
        const sample = samples[i % samples.length];
        if (!sample) continue;
        const uncovered = i % 5 === 0;
        const topic = TOPICS[i % TOPICS.length] ?? '';
        const question = uncovered ? (FORMS[i % FORMS.length] ?? '').replace('{t}', topic) : sample.question;
        const answerId = globalThis.crypto.randomUUID();
        ids.push(answerId);
        batch.push(
          composition.store.recordAnswer({
            answerId,
            channel: ['slack', 'teams', 'web'][i % 3] ?? 'web',
            user: `user-${i % 200}`,
            result: uncovered
              ? { ...sample, answerId, question, abstained: true, citations: [] }
              : { ...sample, answerId },
          }),
        );
      }
      await Promise.all(batch);
    }
    for (let i = 0; i < 1000; i += 1) {
      await composition.store.recordFeedback({
        answerId: ids[(i * 7) % ids.length] ?? '',
        vote: i % 3 === 0 ? 'down' : 'up',
        comment: i % 10 === 0 ? `Comment ${i}: missing detail` : undefined,
        channel: 'web',
        user: `user-${i}`,
      });
    }
    const times: number[] = [];
    let gaps = 0;
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      const report = await composition.advisor.report(30);
      times.push(performance.now() - started);
      gaps = report.gaps.length;
      if (report.questions < options.answers) throw new Error(`the report counted ${report.questions} answers`);
    }
    return { answers: options.answers, gaps, p50: percentile(times, 50), max: Math.max(...times) };
  } finally {
    await composition.close();
  }
}

export function formatReportFigures(f: ReportFigures): string {
  return [
    '| stored answers | gaps found | report p50 | report max (5 runs) |',
    '| --- | --- | --- | --- |',
    `| ${f.answers.toLocaleString('en')} | ${f.gaps} | ${ms(f.p50)} | ${ms(f.max)} |`,
  ].join('\n');
}
