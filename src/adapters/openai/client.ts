import OpenAI, { AzureOpenAI } from 'openai';
import type { ModelBackend } from '../../config/load-config.js';
import { AppError, type AppErrorCode } from '../../core/errors.js';

/** Longest wait between retries; the SDK's own backoff never exceeds 8 s either. */
export const MAX_RETRY_WAIT_MS = 8_000;

/**
 * The SDK sleeps as long as a Retry-After header says, without a limit: one "Retry-After: 3600"
 * would hold a question for an hour. Capping the header keeps every call within
 * (retries + 1) × timeout + retries × MAX_RETRY_WAIT_MS (docs/RELIABILITY.md).
 */
export const cappedRetryFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const ms = response.headers.get('retry-after-ms');
  const seconds = response.headers.get('retry-after');
  const asked = ms !== null ? Number(ms) : seconds !== null ? Number(seconds) * 1000 : Number.NaN;
  const tooLong = (seconds !== null && Number.isNaN(asked)) || asked > MAX_RETRY_WAIT_MS;
  if (!tooLong) return response;
  const headers = new Headers(response.headers);
  headers.delete('retry-after');
  headers.set('retry-after-ms', String(MAX_RETRY_WAIT_MS));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

/**
 * One OpenAI SDK client per backend. The SDK retries 429, 5xx, timeouts and connection resets with
 * exponential backoff (honouring Retry-After) up to `maxRetries`.
 */
export function createClient(
  backend: ModelBackend,
  options: { timeoutMs: number; maxRetries: number; deployment?: string },
): OpenAI {
  if (backend.kind === 'azure') {
    return new AzureOpenAI({
      endpoint: backend.endpoint,
      apiKey: backend.apiKey,
      apiVersion: backend.apiVersion,
      ...(options.deployment ? { deployment: options.deployment } : {}),
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      fetch: cappedRetryFetch,
    });
  }
  return new OpenAI({
    // A local OpenAI-compatible server often needs no key; the SDK insists on one.
    apiKey: backend.apiKey ?? 'not-needed',
    baseURL: backend.baseURL ?? null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: cappedRetryFetch,
  });
}

export function describeBackend(backend: ModelBackend): string {
  const raw = backend.kind === 'azure' ? backend.endpoint : (backend.baseURL ?? 'https://api.openai.com/v1');
  try {
    return new URL(raw).host;
  } catch {
    return 'the configured endpoint';
  }
}

/** SDK errors become AppErrors that say what failed and what to check, never with the key. */
export function toModelError(error: unknown, code: AppErrorCode, what: string, backend: ModelBackend): AppError {
  if (error instanceof AppError) return error;
  const host = describeBackend(backend);
  const vars =
    backend.kind === 'azure' ? 'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY' : 'OPENAI_BASE_URL and OPENAI_API_KEY';
  let reason: string;
  if (error instanceof OpenAI.APIConnectionTimeoutError) reason = 'timed out';
  else if (error instanceof OpenAI.APIConnectionError) reason = 'could not connect';
  else if (error instanceof OpenAI.AuthenticationError) reason = 'the API key was rejected (401)';
  else if (error instanceof OpenAI.RateLimitError) reason = 'rate limited (429) after retries';
  else if (error instanceof OpenAI.NotFoundError) reason = 'model or deployment not found (404)';
  else if (error instanceof OpenAI.APIError) reason = `HTTP ${error.status ?? 'error'}`;
  else if (error instanceof SyntaxError) reason = 'the response was not valid JSON';
  else reason = error instanceof Error ? error.name : 'unknown error';
  return new AppError(code, `The ${what} endpoint at ${host} failed: ${reason}. Check ${vars} and the model name.`, {
    cause: error,
  });
}
