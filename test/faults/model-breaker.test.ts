/**
 * A chat endpoint that keeps failing: after CHAT_BREAKER_FAILURES failures in a row the advisor stops
 * calling it for the cool-down and answers extractively at once, then tries it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { LLM_FALLBACK_NOTICE } from '../../src/core/advisor.js';
import { silentLogger } from '../../src/core/ports.js';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub.js';

const COOLDOWN_MS = 1500;

describe('circuit breaker on the chat endpoint', () => {
  let stub: OpenAIStub;
  let advisor: Composition;
  const chatCalls = () => stub.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  beforeAll(async () => {
    stub = await startOpenAIStub({ dims: 32 });
    stub.setChatHandler(() => 'A joint venture creates a new entity owned by the partners [1].');
    advisor = await compose(
      loadConfig({
        DATABASE_URL: 'memory://',
        RETRIEVAL_CACHE_SIZE: '0',
        CHAT_PROVIDER: 'openai',
        OPENAI_BASE_URL: stub.baseURL,
        OPENAI_MAX_RETRIES: '0',
        CHAT_BREAKER_FAILURES: '2',
        CHAT_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      }),
      { logger: silentLogger },
    );
    await advisor.advisor.reindex({ actor: 'test', trigger: 'test' });
  }, 300_000);
  afterAll(async () => {
    await advisor?.close();
    await stub?.close();
  });

  it('opens after repeated failures (extractive answers without calling the endpoint), then closes after the cool-down', async () => {
    const question = 'What is a joint venture?';
    stub.enqueueFault({ status: 500, on: 'chat' }, { status: 500, on: 'chat' });
    for (let i = 0; i < 2; i++) {
      const failed = await advisor.advisor.ask(question);
      expect(failed.notices).toContain(LLM_FALLBACK_NOTICE);
    }
    expect(chatCalls()).toBe(2);

    // Open: answered extractively with the notice, and the endpoint is not called at all.
    const open = await advisor.advisor.ask(question);
    expect(open.notices).toContain(LLM_FALLBACK_NOTICE);
    expect(open.citations.length).toBeGreaterThan(0);
    expect(chatCalls()).toBe(2);

    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
    const recovered = await advisor.advisor.ask(question);
    expect(recovered.notices).not.toContain(LLM_FALLBACK_NOTICE);
    expect(recovered.answer).toContain('new entity owned by the partners');
    expect(chatCalls()).toBe(3);
  });
});
