import type OpenAI from 'openai';
import type { Config } from '../../config/load-config.js';
import { AppError } from '../../core/errors.js';
import type { ChatMessage, ChatModel } from '../../core/ports.js';
import { createClient, toModelError } from '../openai/client.js';

type ChatConfig = Extract<Config['chat'], { provider: 'openai' | 'azure' }>;

/**
 * Chat completions through the official SDK. LangChain's ChatOpenAI would add a layer without
 * adding anything here: prompts are plain templates and retries are the SDK's own.
 */
export class OpenAIChatModel implements ChatModel {
  constructor(
    private readonly client: OpenAI,
    private readonly cfg: ChatConfig,
  ) {}

  get model(): string {
    return this.cfg.model;
  }

  async complete(
    messages: readonly ChatMessage[],
    options: { json?: boolean; maxTokens?: number; signal?: AbortSignal } = {},
  ): Promise<string> {
    let content: string | null | undefined;
    try {
      const response = await this.client.chat.completions.create(
        {
          model: this.cfg.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: 0.1,
          ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
          ...(options.json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        options.signal ? { signal: options.signal } : undefined,
      );
      content = response.choices?.[0]?.message?.content;
    } catch (error) {
      throw toModelError(error, 'llm_unavailable', 'chat', this.cfg.backend);
    }
    if (!content?.trim()) {
      throw new AppError('llm_unavailable', 'The chat model returned an empty answer. Check OPENAI_CHAT_MODEL.');
    }
    return content;
  }

  /**
   * Streams the answer (`stream: true`). The SDK's timeout and retries cover the request up to
   * its first byte; after that each piece must arrive within the timeout, or the call fails rather
   * than holding the answer open forever (docs/RELIABILITY.md).
   */
  async *stream(
    messages: readonly ChatMessage[],
    options: { maxTokens?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<string> {
    const { signal } = options;
    let received = false;
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.cfg.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: 0.1,
          stream: true,
          ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
        },
        signal ? { signal } : undefined,
      );
      const pieces = stream[Symbol.asyncIterator]();
      for (;;) {
        const next = await withIdleTimeout(pieces.next(), this.cfg.timeoutMs, () => stream.controller.abort());
        if (next.done) break;
        // Azure sends chunks without choices (content-filter results) before and after the text.
        const text = next.value.choices[0]?.delta?.content;
        if (!text) continue;
        received = true;
        yield text;
      }
      // The SDK ends an aborted stream quietly, as if the answer were complete.
      signal?.throwIfAborted();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toModelError(error, 'llm_unavailable', 'chat', this.cfg.backend);
    }
    if (!received) {
      throw new AppError('llm_unavailable', 'The chat model returned an empty answer. Check OPENAI_CHAT_MODEL.');
    }
  }
}

/** Rejects when `piece` takes longer than `ms`, after calling `onTimeout` (which aborts the request). */
async function withIdleTimeout<T>(piece: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new AppError('llm_unavailable', `The chat model stopped sending for ${ms} ms. Check the model endpoint.`));
    }, ms);
  });
  try {
    return await Promise.race([piece, idle]);
  } finally {
    clearTimeout(timer);
  }
}

export function createOpenAIChatModel(cfg: ChatConfig): OpenAIChatModel {
  const client = createClient(cfg.backend, {
    timeoutMs: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    deployment: cfg.model,
  });
  return new OpenAIChatModel(client, cfg);
}
