/** Small helpers shared by the fault-injection tests. */
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { LocalEmbedder } from '../../src/adapters/embeddings/local-embedder.js';
import type { Embedder } from '../../src/core/ports.js';
import { Glossary } from '../../src/core/text/glossary.js';

export const silent = pino({ level: 'silent' });
export const ADMIN_TOKEN = 'fault-test-admin-token-123456';

export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests.
  body: any;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
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

/** A pause a test can arm: the next call waits at `reached` until the test releases it. */
export class Gate {
  private armed: { reached: () => void; wait: Promise<void> } | null = null;
  private open: () => void = () => {};
  reached: Promise<void> = Promise.resolve();

  arm(): void {
    let reached: () => void = () => {};
    let release: () => void = () => {};
    this.reached = new Promise((r) => {
      reached = r;
    });
    const wait = new Promise<void>((r) => {
      release = r;
    });
    this.armed = { reached, wait };
    this.open = release;
  }

  async pass(): Promise<void> {
    const armed = this.armed;
    if (!armed) return;
    this.armed = null;
    armed.reached();
    await armed.wait;
  }

  release(): void {
    this.open();
  }
}

/** The real zero-config embedder, pausing at `gate` before embedding documents (a reindex). */
export async function gatedLocalEmbedder(knowledgeDir: string, gate: Gate): Promise<Embedder> {
  const glossary = Glossary.parse(await readFile(path.join(knowledgeDir, 'glossary.json'), 'utf8'));
  const local = new LocalEmbedder({ glossary });
  return {
    model: local.model,
    dimensions: local.dimensions,
    observeCorpus: (stats) => local.observeCorpus(stats),
    embed: async (texts, purpose) => {
      if (purpose === 'document') await gate.pass();
      return local.embed(texts, purpose);
    },
  };
}
