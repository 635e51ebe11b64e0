import type { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * Parses a JSON Lines case file against a schema. Every bad line is reported with its number and
 * what a good one looks like (`shape`, plus zod's details when `details` is set); a file with no
 * cases is an error too. Blank lines are skipped.
 */
export function parseJsonLines<S extends z.ZodType>(
  text: string,
  fileName: string,
  schema: S,
  options: { readonly shape: string; readonly what: string; readonly details?: boolean },
): z.infer<S>[] {
  const cases: z.infer<S>[] = [];
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
    const parsed = schema.safeParse(value);
    if (parsed.success) cases.push(parsed.data);
    else {
      const details = options.details
        ? ` (${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')})`
        : '';
      problems.push(`line ${i + 1}: expected ${options.shape}${details}`);
    }
  });
  if (problems.length) {
    throw new AppError('bad_input', `${fileName} has ${problems.length} bad line(s):\n  ${problems.join('\n  ')}`);
  }
  if (cases.length === 0) throw new AppError('bad_input', `${fileName} has no ${options.what}.`);
  return cases;
}
