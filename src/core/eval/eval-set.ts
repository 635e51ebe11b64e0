import { z } from 'zod';
import { AppError } from '../errors.js';

const caseSchema = z.union([
  z.object({ id: z.string().min(1), question: z.string().min(1), expect: z.array(z.string().min(1)).min(1) }),
  z.object({ id: z.string().min(1), question: z.string().min(1), abstain: z.literal(true) }),
]);

export type EvalCase = z.infer<typeof caseSchema>;

/** Parses an eval set (JSON Lines); every bad line is reported with its number. */
export function parseEvalSet(text: string, fileName: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const parsed = caseSchema.safeParse(value);
    if (parsed.success) cases.push(parsed.data);
    else problems.push(`line ${i + 1}: expected {"id","question","expect":[...]} or {"id","question","abstain":true}`);
  });
  if (problems.length) {
    throw new AppError('bad_input', `${fileName} has ${problems.length} bad line(s):\n  ${problems.join('\n  ')}`);
  }
  if (cases.length === 0) throw new AppError('bad_input', `${fileName} has no eval cases.`);
  return cases;
}

/** Case, whitespace runs and markdown emphasis are ignored when matching expected phrases. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
