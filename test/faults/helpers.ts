/** Small helpers shared by the fault-injection tests. */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';

export const silent = pino({ level: 'silent' });
export const ADMIN_TOKEN = 'fault-test-admin-token-123456';

export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests.
  body: any;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A private copy of the shipped knowledge folder that a test may change. */
export async function copyKnowledge(): Promise<string> {
  const target = await mkdtemp(path.join(tmpdir(), 'advisor-faults-kb-'));
  await cp('knowledge', target, { recursive: true });
  return target;
}

/** Polls `check` until it returns true, at most `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
