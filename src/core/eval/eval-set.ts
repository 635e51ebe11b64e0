import { z } from 'zod';
import { parseJsonLines } from './json-lines.js';

const caseSchema = z.union([
  z.object({ id: z.string().min(1), question: z.string().min(1), expect: z.array(z.string().min(1)).min(1) }),
  z.object({ id: z.string().min(1), question: z.string().min(1), abstain: z.literal(true) }),
]);

export type EvalCase = z.infer<typeof caseSchema>;

/** Parses an eval set (JSON Lines); every bad line is reported with its number. */
export function parseEvalSet(text: string, fileName: string): EvalCase[] {
  return parseJsonLines(text, fileName, caseSchema, {
    shape: '{"id","question","expect":[...]} or {"id","question","abstain":true}',
    what: 'eval cases',
  });
}

/** Case, whitespace runs and markdown emphasis are ignored when matching expected phrases. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
