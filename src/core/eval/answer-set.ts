import { z } from 'zod';
import { ASPECTS, type Aspect } from '../answer/aspects.js';
import { parseJsonLines } from './json-lines.js';

const caseSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  /** What the question asks (for the per-aspect report). */
  aspect: z.enum(ASPECTS as [Aspect, ...Aspect[]]),
  coverage: z.enum(['answered', 'partial', 'not_covered']),
  /** Key points a good answer contains: short phrases taken verbatim from the chapters. */
  nuggets: z.array(z.string().min(1)).default([]),
  /** `holdout` questions are scored separately and never used to tune the method. */
  split: z.enum(['dev', 'holdout']).default('dev'),
  history: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
});

export type AnswerCase = z.infer<typeof caseSchema>;

/** Parses an answer set (JSON Lines); every bad line is reported with its number. */
export function parseAnswerSet(text: string, fileName: string): AnswerCase[] {
  return parseJsonLines(text, fileName, caseSchema, {
    shape: '{"id","question","aspect","coverage","nuggets":[...],"split"?,"history"?}',
    what: 'answer cases',
    details: true,
  });
}

/** A file is an answer set when its cases carry nuggets and a coverage label. */
export function isAnswerSet(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim());
  if (!first) return false;
  try {
    const value = JSON.parse(first) as Record<string, unknown>;
    return 'nuggets' in value && 'coverage' in value;
  } catch {
    return false;
  }
}
