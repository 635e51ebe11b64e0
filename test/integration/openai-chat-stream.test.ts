import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIChatModel } from '../../src/adapters/llm/openai-chat-model.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/core/errors.js';
import { type OpenAIStub, startOpenAIStub, stubPieces } from '../support/openai-stub.js';

const KEY = 'sk-test-secret-key-123';
const ANSWER = 'A joint venture shares control [1] and risk [2] between its parents.';

async function collect(pieces: AsyncIterable<string>): Promise<{ pieces: string[]; error?: unknown }> {
  const seen: string[] = [];
  try {
    for await (const piece of pieces) seen.push(piece);
    return { pieces: seen };
  } catch (error) {
    return { pieces: seen, error };
  }
}

describe('streamed chat completions against a local OpenAI-compatible stub', () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    stub.setChatHandler(() => ANSWER);
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.setPieceDelay(0);
  });

  function chatModel(extra: Record<string, string> = {}) {
    const c = loadConfig({
      CHAT_PROVIDER: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_MAX_RETRIES: '1',
      OPENAI_TIMEOUT_MS: '2000',
      ...extra,
    }).chat;
    if (c.provider === 'extractive') throw new Error('expected openai chat');
    return createOpenAIChatModel(c);
  }

  it('yields the answer piece by piece with stream: true', async () => {
    const { pieces, error } = await collect(chatModel().stream([{ role: 'user', content: 'q' }], { maxTokens: 99 }));
    expect(error).toBeUndefined();
    expect(pieces).toEqual(stubPieces(ANSWER));
    expect(pieces.join('')).toBe(ANSWER);
    expect(stub.requests[0]?.body).toMatchObject({ stream: true, max_tokens: 99 });
  });

  it('streams from an Azure OpenAI deployment', async () => {
    const c = loadConfig({
      CHAT_PROVIDER: 'azure',
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_ENDPOINT: stub.rootURL,
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'my-chat',
    }).chat;
    if (c.provider === 'extractive') throw new Error('expected azure chat');
    const { pieces } = await collect(createOpenAIChatModel(c).stream([{ role: 'user', content: 'q' }]));
    expect(pieces.join('')).toBe(ANSWER);
    expect(stub.requests[0]?.path).toBe('/openai/deployments/my-chat/chat/completions');
    expect(stub.requests[0]?.headers['api-key']).toBe(KEY);
  });

  it('retries a failure before the first piece, like a whole completion', async () => {
    stub.enqueueFault({ status: 503, on: 'chat' });
    const { pieces, error } = await collect(chatModel().stream([{ role: 'user', content: 'q' }]));
    expect(error).toBeUndefined();
    expect(pieces.join('')).toBe(ANSWER);
    expect(stub.requests).toHaveLength(2);
  });

  it('fails with llm_unavailable when the connection is cut mid-stream, after the pieces it sent', async () => {
    stub.enqueueFault({ cutAfterPieces: 4, on: 'chat' });
    const { pieces, error } = await collect(chatModel().stream([{ role: 'user', content: 'q' }]));
    expect(pieces).toEqual(stubPieces(ANSWER).slice(0, 4));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'llm_unavailable' });
    expect((error as AppError).message).not.toContain(KEY);
  });

  it('fails when the stream stops sending for longer than the timeout', async () => {
    stub.enqueueFault({ stallAfterPieces: 2, on: 'chat' });
    const started = Date.now();
    const { pieces, error } = await collect(
      chatModel({ OPENAI_TIMEOUT_MS: '300' }).stream([{ role: 'user', content: 'q' }]),
    );
    expect(pieces).toHaveLength(2);
    expect(error).toMatchObject({ code: 'llm_unavailable', message: expect.stringMatching(/stopped sending/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an aborted signal ends the stream with its reason and closes the request', async () => {
    stub.setPieceDelay(30);
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const piece of chatModel().stream([{ role: 'user', content: 'q' }], {
        signal: controller.signal,
      })) {
        seen.push(piece);
        if (seen.length === 2) controller.abort(new Error('client went away'));
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'client went away' });
    expect(error).not.toBeInstanceOf(AppError);
    await expect.poll(() => stub.streams.at(-1)?.outcome).toBe('closed by client');
    expect(stub.streams.at(-1)?.sent).toBeLessThan(stubPieces(ANSWER).length);
  });
});
