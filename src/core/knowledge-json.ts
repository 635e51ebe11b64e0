import type { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Parses one of the knowledge folder's JSON files (glossary.json, catalog.json) against its schema.
 * A broken file is an AppError('kb_file_invalid') that names the file, what is wrong (up to five
 * places) and, in `expected`, what a valid file holds.
 */
export function parseKnowledgeJson<S extends z.ZodType>(
  json: string,
  fileName: string,
  schema: S,
  expected: string,
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new AppError(
      'kb_file_invalid',
      `${fileName} is not valid JSON (${(cause as Error).message.split('\n')[0]}). Fix the file (${expected}) and reindex.`,
      { cause },
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`)
      .join('; ');
    throw new AppError('kb_file_invalid', `${fileName} has an invalid shape (${where}). ${expected}.`);
  }
  return parsed.data;
}
