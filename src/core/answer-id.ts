import { z } from 'zod';

/** Answers are identified by the UUID the advisor gave them; any other string names no answer. */
export const answerIdSchema = z.uuid({ error: 'must be the answerId that came with the answer (a UUID)' });

export function isAnswerId(value: string): boolean {
  return answerIdSchema.safeParse(value).success;
}
