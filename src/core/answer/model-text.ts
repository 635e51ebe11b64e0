import { AppError } from '../errors.js';
import type { ChatMessage, ChatModel } from '../ports.js';

/**
 * The model failed after part of its answer had arrived. `partial` is that part, without a
 * citation marker left unfinished at its end; the advisor may show it with a notice.
 */
export class AnswerCutShortError extends AppError {
  readonly partial: string;

  constructor(cause: AppError, partial: string) {
    super('llm_unavailable', cause.message, { cause });
    this.partial = partial.replace(/\s*\[[\d\s,;]*$/, '').trimEnd();
  }
}

/**
 * The model's text for `messages`. With `onText` the text is streamed, each piece passed to
 * `onText` as it arrives (a model that cannot stream hands over its whole answer as one piece).
 */
export async function modelText(
  model: ChatModel,
  messages: readonly ChatMessage[],
  options: { maxTokens: number; signal?: AbortSignal | undefined; onText?: ((piece: string) => void) | undefined },
): Promise<string> {
  const { onText, ...call } = options;
  const callOptions = call.signal ? { maxTokens: call.maxTokens, signal: call.signal } : { maxTokens: call.maxTokens };
  if (!onText || !model.stream) {
    const text = await model.complete(messages, callOptions);
    onText?.(text);
    return text;
  }
  let text = '';
  try {
    for await (const piece of model.stream(messages, callOptions)) {
      text += piece;
      onText(piece);
    }
  } catch (error) {
    if (error instanceof AppError && text.trim()) throw new AnswerCutShortError(error, text);
    throw error;
  }
  return text;
}
