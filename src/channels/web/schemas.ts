import { z } from 'zod';
import { answerIdSchema } from '../../core/commands/index.js';
import { AppError } from '../../core/errors.js';

const turn = z.object({
  question: z.string().max(20_000),
  answer: z.string().max(20_000),
});

export const askBody = z.object({
  question: z.string({ error: 'question is required and must be a string' }),
  history: z.array(turn).max(50, 'history holds at most 50 turns').optional(),
});

export const feedbackBody = z.object({
  answerId: answerIdSchema,
  vote: z.enum(['up', 'down'], { error: 'vote must be "up" or "down"' }),
  comment: z.string().max(2000, 'comment is at most 2,000 characters').optional(),
});

/** Validates a request body; a failure lists every problem in one bad_input message. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, example: string): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new AppError('bad_input', `Send a JSON object with Content-Type: application/json, for example ${example}.`);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new AppError('bad_input', `Invalid request: ${problems.join('; ')}. For example ${example}.`);
}

export const compareBody = z.object({
  models: z
    .array(z.string().trim().min(1, 'model names cannot be empty').max(100, 'a model name is at most 100 characters'), {
      error: 'models must be a list of 2 to 4 model names',
    })
    .min(1, 'list 2 to 4 model names')
    .max(4, 'compare at most 4 models at a time'),
});

export const recommendBody = z.object({
  situation: z.string({ error: 'situation is required and must be a string' }),
});
