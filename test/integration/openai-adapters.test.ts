import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder } from '../../src/adapters/embeddings/openai-embedder.js';
import { createOpenAIChatModel } from '../../src/adapters/llm/openai-chat-model.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/core/errors.js';
import { type OpenAIStub, startOpenAIStub, stubVector } from '../support/openai-stub.js';

const KEY = 'sk-test-secret-key-123';

describe('OpenAI-compatible adapters against a local stub', () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub({ dims: 16 });
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
  });

  function config(extra: Record<string, string> = {}) {
    return loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      CHAT_PROVIDER: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_MAX_RETRIES: '2',
      OPENAI_TIMEOUT_MS: '2000',
      ...extra,
    });
  }

  function embedder(extra: Record<string, string> = {}) {
    const c = config(extra).embeddings;
    if (c.provider === 'local') throw new Error('expected openai embeddings');
    return createOpenAIEmbedder(c);
  }

  function chatModel(extra: Record<string, string> = {}) {
    const c = config(extra).chat;
    if (c.provider === 'extractive') throw new Error('expected openai chat');
    return createOpenAIChatModel(c);
  }

  it('probes the dimension, batches requests and keeps the order', async () => {
    const e = embedder();
    await e.init();
    expect(e.dimensions).toBe(16);
    expect(e.model).toBe('text-embedding-3-small');
    const texts = Array.from({ length: 250 }, (_, i) => `text number ${i}`);
    const vectors = await e.embed(texts, 'document');
    expect(vectors).toHaveLength(250);
    expect(stub.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(1 + 3);
    const expected = stubVector('text number 137', 16);
    for (const [i, x] of (vectors[137] ?? []).entries()) expect(x).toBeCloseTo(expected[i] ?? 0, 5);
    expect(stub.requests[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('asks for shortened vectors and names the model with its size', async () => {
    const e = embedder({ OPENAI_EMBEDDING_DIMENSIONS: '8' });
    await e.init();
    expect(e.model).toBe('text-embedding-3-small@8');
    expect((await e.embed(['x'], 'query'))[0]).toHaveLength(8);
    expect(stub.requests[0]?.body.dimensions).toBe(8);
  });

  it('retries 429 and 500, then succeeds', async () => {
    const e = embedder({ OPENAI_EMBEDDING_DIMENSIONS: '16' });
    stub.enqueueFault({ status: 429 }, { status: 500 });
    expect(await e.embed(['retry me'], 'query')).toHaveLength(1);
    expect(stub.requests).toHaveLength(3);
  });

  it('retries a reset connection', async () => {
    const e = embedder({ OPENAI_EMBEDDING_DIMENSIONS: '16' });
    stub.enqueueFault({ reset: true });
    expect(await e.embed(['after reset'], 'query')).toHaveLength(1);
  });

  it('gives up after the retries with a clear error that hides the key', async () => {
    const e = embedder({ OPENAI_EMBEDDING_DIMENSIONS: '16', OPENAI_MAX_RETRIES: '1' });
    stub.enqueueFault({ status: 500 }, { status: 500 });
    const error = await e.embed(['x'], 'query').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('embedder_unavailable');
    expect((error as AppError).message).toMatch(/127\.0\.0\.1.*HTTP 500.*OPENAI_BASE_URL/);
    expect((error as AppError).message).not.toContain(KEY);
  });

  it('routes Azure OpenAI to its deployment', async () => {
    const c = loadConfig({
      EMBEDDINGS_PROVIDER: 'azure',
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_ENDPOINT: stub.rootURL,
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'my-embeddings',
    }).embeddings;
    if (c.provider === 'local') throw new Error('expected azure');
    const e = createOpenAIEmbedder(c);
    await e.init();
    expect(stub.requests[0]?.path).toBe('/openai/deployments/my-embeddings/embeddings');
    expect(stub.requests[0]?.headers['api-key']).toBe(KEY);
  });

  it('completes chat, in JSON mode when asked', async () => {
    stub.setChatHandler((messages) => `echo: ${messages.at(-1)?.content}`);
    const model = chatModel();
    expect(await model.complete([{ role: 'user', content: 'hello' }])).toBe('echo: hello');
    await model.complete([{ role: 'user', content: 'json please' }], { json: true, maxTokens: 50 });
    expect(stub.requests.at(-1)?.body).toMatchObject({ response_format: { type: 'json_object' }, max_tokens: 50 });
  });

  it('maps chat failures to llm_unavailable: persistent 500, timeout, malformed JSON', async () => {
    const model = chatModel({ OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '300' });
    stub.enqueueFault({ status: 500 });
    await expect(model.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({ code: 'llm_unavailable' });
    stub.enqueueFault({ delayMs: 1000 });
    const started = Date.now();
    await expect(model.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({
      code: 'llm_unavailable',
      message: expect.stringMatching(/timed out/),
    });
    expect(Date.now() - started).toBeLessThan(900);
    stub.enqueueFault({ malformed: true });
    await expect(model.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({ code: 'llm_unavailable' });
  });
});
