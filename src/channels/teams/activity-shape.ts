import { z } from 'zod';

// Ids end up in PostgreSQL keys, which refuse NUL: control characters are refused here, with a 400.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const idText = z.string().regex(/^[^\u0000-\u001F\u007F]+$/, 'must be a non-empty id without control characters');
const id = z.object({ id: idText, aadObjectId: idText.optional() }, { error: 'must be an object with an id' });

/**
 * The minimum a Bot Framework activity needs before the SDK sees it. The SDK answers a bare 400
 * (or a 500) to malformed bodies; this says what is wrong.
 */
const activity = z.object({
  type: z.string({ error: 'is required (e.g. "message")' }).min(1, 'is required (e.g. "message")'),
  id: idText.optional(),
  replyToId: idText.optional(),
  serviceUrl: z.url({ error: 'must be the URL of the Bot Connector to reply to' }),
  channelId: z.string({ error: 'is required (e.g. "msteams")' }).min(1),
  conversation: id,
  recipient: id,
  from: id.optional(),
  text: z.string({ error: 'must be a string' }).optional(),
  entities: z.array(z.record(z.string(), z.unknown()), { error: 'must be an array of objects' }).optional(),
});

/** Null when the body looks like an activity, else one message listing every problem. */
export function activityProblem(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return 'Send a Bot Framework activity as a JSON object with Content-Type: application/json.';
  }
  const parsed = activity.safeParse(body);
  if (parsed.success) return null;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
  return `Not a valid Bot Framework activity: ${problems.join('; ')}. This endpoint receives activities from the Bot Connector (Azure Bot) or a Bot Framework client.`;
}
