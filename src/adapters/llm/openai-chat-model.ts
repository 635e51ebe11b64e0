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
}

export function createOpenAIChatModel(cfg: ChatConfig): OpenAIChatModel {
  const client = createClient(cfg.backend, {
    timeoutMs: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    deployment: cfg.model,
  });
  return new OpenAIChatModel(client, cfg);
}
