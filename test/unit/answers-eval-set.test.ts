import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswerSet } from '../../src/core/eval/answer-set.js';
import { normalizeForMatch } from '../../src/core/eval/eval-set.js';

const KNOWLEDGE = 'knowledge';
const FILE = path.join(KNOWLEDGE, 'answers-eval.jsonl');
const cases = parseAnswerSet(readFileSync(FILE, 'utf8'), FILE);
const chapters = normalizeForMatch(
  readdirSync(KNOWLEDGE)
    .filter((f) => /\.(md|txt)$/.test(f))
    .map((f) => readFileSync(path.join(KNOWLEDGE, f), 'utf8'))
    .join('\n'),
);

describe('knowledge/answers-eval.jsonl', () => {
  it('takes every nugget verbatim from the chapters', () => {
    const missing = cases.flatMap((c) =>
      c.nuggets.filter((n) => !chapters.includes(normalizeForMatch(n))).map((n) => `${c.id}: ${n}`),
    );
    expect(missing).toEqual([]);
  });

  it('has enough questions of every kind, and a holdout of about a quarter', () => {
    const inDomainNotCovered = cases.filter((c) => c.coverage === 'not_covered' && !c.id.startsWith('oos-'));
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.coverage === 'partial').length).toBeGreaterThanOrEqual(10);
    expect(inDomainNotCovered.length).toBeGreaterThanOrEqual(6);
    const holdout = cases.filter((c) => c.split === 'holdout').length / cases.length;
    expect(holdout).toBeGreaterThanOrEqual(0.2);
    expect(new Set(cases.map((c) => c.aspect)).size).toBe(11);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('gives every answered or partial question at least one nugget, except where none can be quoted', () => {
    const answered = cases.filter((c) => c.coverage === 'answered');
    expect(answered.every((c) => c.nuggets.length > 0)).toBe(true);
  });
});
