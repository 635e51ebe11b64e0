/**
 * The knowledge-gap report from what employees really asked: answers and feedback stored by the
 * server, read back through GET /api/admin/report and the CLI (`report --json`, `--csv`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { KnowledgeReport } from '../../src/core/report/types.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { cli } from '../support/cli.js';

const silent = pino({ level: 'silent' });
const ADMIN_TOKEN = 'admin-token-0123456789';
const QUESTIONS = [
  'What is a joint venture?',
  'How should a joint venture be governed?',
  'What are the benefits of co-creation?',
  'What is the capital of France?',
  'Who won the football world cup in 2018?',
];

describe('knowledge-gap report', () => {
  let dir: string;
  let server: AdvisorServer;
  const env = () => ({ DATABASE_URL: `pglite://${path.join(dir, 'db')}`, LOG_LEVEL: 'silent', ADMIN_TOKEN });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-'));
    server = await startAdvisorServer(loadConfig({ ...env(), PORT: '0' }), { logger: silent });
    const ids: string[] = [];
    for (const question of QUESTIONS) {
      const response = await fetch(`${server.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      ids.push(((await response.json()) as { answerId: string }).answerId);
    }
    await fetch(`${server.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answerId: ids[1], vote: 'down', comment: 'Nothing about board seats' }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is for admins only over HTTP, and checks its window', async () => {
    expect((await fetch(`${server.url}/api/admin/report`)).status).toBe(401);
    const bad = await fetch(`${server.url}/api/admin/report?days=0`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/days must be/);
  });

  it('counts the questions, what was not covered, the feedback and the citations', async () => {
    const response = await fetch(`${server.url}/api/admin/report?days=7`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as KnowledgeReport;
    expect(report.days).toBe(7);
    expect(report.questions).toBe(QUESTIONS.length);
    expect(report.perChannel).toEqual([{ channel: 'web', questions: QUESTIONS.length }]);
    expect(report.coverage.not_covered.questions).toBeGreaterThanOrEqual(2);
    const gapExamples = report.gaps.flatMap((g) => g.examples);
    expect(gapExamples).toEqual(expect.arrayContaining(['What is the capital of France?']));
    expect(gapExamples).not.toContain('What is a joint venture?');
    expect(report.feedback).toMatchObject({ up: 0, down: 1 });
    expect(report.feedback.comments[0]).toMatchObject({
      comment: 'Nothing about board seats',
      question: 'How should a joint venture be governed?',
    });
    expect(report.mostCitedDocuments.length).toBeGreaterThan(0);
    expect(report.leastCitedDocuments.length).toBeGreaterThan(0);
    expect(report.medianAnswerMs).toEqual(expect.any(Number));
  });

  it('prints from the CLI as text, JSON and CSV', async () => {
    await server.close();
    const text = await cli(['report', '--days', '30'], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Knowledge report, last 30 days: 5 questions/);
    expect(text.stdout).toMatch(/Knowledge gaps/);
    const json = await cli(['report', '--json', '--days', '2'], { env: env() });
    expect(JSON.parse(json.stdout)).toMatchObject({ days: 2, questions: 5 });
    const csv = await cli(['report', '--csv'], { env: env() });
    expect(csv.stdout.split('\n')[0]).toBe('part,item,count,detail');
    const usage = await cli(['report', '--days', 'x'], { env: env() });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/whole number of days/);
  });
});
