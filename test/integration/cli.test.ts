import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

describe('cli', () => {
  it('answers with --json, one object per question, and prints only that on stdout', async () => {
    const run = await cli(['ask', 'What is a joint venture?', '--json', '--k', '3'], { npm: true });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0] ?? '{}');
    expect(answer).toMatchObject({ question: 'What is a joint venture?', abstained: false });
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    expect(Object.keys(answer.citations[0]).sort()).toEqual(['n', 'score', 'section', 'source', 'text', 'title']);
    expect(Object.keys(answer.timings_ms).sort()).toEqual(['generate', 'retrieve', 'total']);
    expect(run.stderr).toMatch(/Building the knowledge index/);
  });

  it('answers one question per stdin line in one process', async () => {
    const run = await cli(['ask', '--json'], { stdin: 'What is co-creation?\n\nHow do I reset my VPN password?\n' });
    expect(run.code).toBe(0);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.abstained)).toEqual([false, true]);
    expect(answers.map((a) => a.coverage)).toEqual(['answered', 'not_covered']);
    expect(answers[1].citations).toEqual([]);
  });

  it('takes JSON lines with a history, so follow-ups can be scripted, beside plain lines', async () => {
    const followUp = {
      question: 'and how is it governed?',
      history: [{ question: 'What is co-creation?', answer: 'Co-creation involves partnering ... [1]' }],
    };
    const run = await cli(['ask', '--json'], {
      stdin: `${JSON.stringify(followUp)}\nWhat are the downsides of a platform partnership?\n{"question": 3}\n`,
    });
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].question).toBe('and how is it governed?');
    expect(lines[0].answer).toMatch(/governance structures to manage the co-creation process/);
    expect(lines[1]).toMatchObject({ coverage: 'partial', gap: 'risks specific to platform partnerships' });
    expect(lines[1].answer).toMatch(
      /^The chapters don't cover risks specific to platform partnerships\. The closest guidance/,
    );
    expect(lines[1].coverageNotice).toMatch(/^Partly covered/);
    expect(lines[2].error.code).toBe('bad_input');
    expect(run.code).toBe(2);
  });

  it('prints usage and exits 2 for an empty question', async () => {
    const run = await cli(['ask', '   ']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Usage: advisor ask "your question"/);
  });

  it('refuses a 20,000-character question with a clear message and exit 2', async () => {
    const run = await cli(['ask', 'x'.repeat(20_000)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/20,?000 characters long; the limit is/);
  });

  it('names an unreachable database without its password and exits 1', async () => {
    const run = await cli(['ask', 'What is a JV?'], {
      env: { DATABASE_URL: 'postgres://advisor:hunter2pw@127.0.0.1:1/advisor' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot reach the database at postgres:\/\/advisor:\*+@127\.0\.0\.1:1\/advisor/);
    expect(run.stderr).not.toContain('hunter2pw');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lists every configuration problem at once and exits 1', async () => {
    const run = await cli(['ask', 'What is a JV?'], {
      env: { PORT: 'abc', CHAT_PROVIDER: 'openai', OPENAI_API_KEY: '' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PORT/);
    expect(run.stderr).toMatch(/OPENAI_API_KEY/);
  });

  it('runs the eval set and reports the figures', async () => {
    const run = await cli(['eval', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.inDomain).toBeGreaterThanOrEqual(40);
    expect(report.outOfScope).toBeGreaterThanOrEqual(10);
    for (const key of ['recallAt1', 'recallAt3', 'recallAt5', 'mrr', 'abstentionPrecision', 'abstentionRecall']) {
      expect(report[key]).toBeGreaterThanOrEqual(0);
      expect(report[key]).toBeLessThanOrEqual(1);
    }
  });
});
