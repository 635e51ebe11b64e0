import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { UnknownModelError } from '../../src/core/errors.js';
import {
  CatalogModels,
  COMPARE_LLM_FALLBACK_NOTICE,
  COMPARE_LLM_REPLACED_NOTICE,
} from '../../src/core/models/partnership-models.js';
import type { ComparisonResult } from '../../src/core/models/types.js';
import { NOT_COVERED_CELL } from '../../src/core/not-covered.js';
import { silentLogger } from '../../src/core/ports.js';
import type { Citation } from '../../src/core/types.js';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub.js';

async function freshKnowledge(): Promise<string> {
  const target = await mkdtemp(path.join(tmpdir(), 'advisor-models-'));
  await cp('knowledge', target, { recursive: true });
  return target;
}

async function open(dir: string, extraEnv: Record<string, string> = {}): Promise<Composition> {
  const config = loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir, ...extraEnv });
  const c = await compose(config, { logger: silentLogger });
  await c.advisor.reindex({ actor: 'test', trigger: 'test' });
  return c;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The sentences of a cell or reason, as they must appear in the passages it cites. */
function fragments(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^- /, ''))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\p{Lu})/u))
    .map(squash)
    .filter(Boolean);
}

function unsupported(text: string, cited: readonly Citation[]): string[] {
  const sources = cited.map((c) => squash(c.text));
  return fragments(text).filter((f) => !sources.some((s) => s.includes(f)));
}

function checkGrounded(result: ComparisonResult): string[] {
  const problems: string[] = [];
  const byN = new Map(result.citations.map((c) => [c.n, c]));
  expect(result.citations.map((c) => c.n)).toEqual(result.citations.map((_, i) => i + 1));
  for (const row of result.rows) {
    row.cells.forEach((cell, i) => {
      const where = `${result.models[i]?.id} × ${row.dimension.id}`;
      if (!cell.covered) {
        if (cell.text !== NOT_COVERED_CELL || cell.citations.length) problems.push(`${where}: bad not-covered cell`);
        return;
      }
      const cited = cell.citations.map((n) => byN.get(n));
      if (cited.length === 0 || cited.some((c) => !c)) problems.push(`${where}: no or dangling citations`);
      if (/\[\d+\]/.test(cell.text)) problems.push(`${where}: [n] marker in the text`);
      for (const f of unsupported(
        cell.text,
        cited.filter((c): c is Citation => !!c),
      )) {
        problems.push(`${where}: "${f.slice(0, 60)}" is not in the cited passages`);
      }
    });
  }
  return problems;
}

describe('partnership models on the shipped corpus (extractive)', () => {
  let dir: string;
  let c: Composition;
  beforeAll(async () => {
    dir = await freshKnowledge();
    c = await open(dir);
  });
  afterAll(async () => {
    await c.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every cell of every pair of catalog models cites a passage that contains it, or says not covered', async () => {
    const { models } = await c.models.list();
    const ids = models.map((m) => m.model.id);
    expect(ids.length).toBeGreaterThanOrEqual(19);
    const problems: string[] = [];
    let pairs = 0;
    let covered = 0;
    let cells = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const result = await c.models.compare([ids[i] as string, ids[j] as string]);
        expect(result.models.map((m) => m.id)).toEqual([ids[i], ids[j]]);
        expect(result.rows.map((r) => r.dimension.id)).toEqual([
          'definition',
          'ai_uses',
          'benefits',
          'risks',
          'governance',
          'ip_and_data',
          'examples',
        ]);
        problems.push(...checkGrounded(result));
        for (const row of result.rows) {
          expect(row.cells).toHaveLength(2);
          cells += row.cells.length;
          covered += row.cells.filter((x) => x.covered).length;
        }
        pairs++;
      }
    }
    expect(pairs).toBe((ids.length * (ids.length - 1)) / 2);
    expect(problems).toEqual([]);
    // Not everything may be "not covered": the chapters do describe these models.
    expect(covered / cells).toBeGreaterThan(0.4);
  });

  it("fills a joint venture vs licensing table from each model's own sections", async () => {
    const result = await c.models.compare(['JV', 'licensing'], { channel: 'cli' });
    expect(result.models.map((m) => m.name)).toEqual(['Joint venture', 'Licensing and IP sharing']);
    const definition = result.rows[0]?.cells ?? [];
    expect(definition[0]?.text).toMatch(/^Joint ventures involve two or more organizations forming a new entity/);
    expect(definition[1]?.text).toMatch(/^Licensing and intellectual property sharing partnerships involve/);
    const cited = (n: number) => result.citations.find((x) => x.n === n);
    expect(cited(definition[0]?.citations[0] ?? 0)?.section).toBe('Joint Ventures');
    expect(cited(definition[1]?.citations[0] ?? 0)?.section).toBe('Licensing and Intellectual Property Sharing');
    const ip = result.rows.find((r) => r.dimension.id === 'ip_and_data')?.cells[1];
    expect(ip?.covered).toBe(true);
    expect(ip?.text.toLowerCase()).toMatch(/intellectual property|proprietary|data/);
    expect(result.timings_ms.total).toBeGreaterThanOrEqual(0);
  });

  it("keeps a shared section's other models out of a column", async () => {
    // "Types of Partnerships" lists strategic alliances, joint ventures and ecosystem partnerships together.
    const result = await c.models.compare(['ecosystem partnership', 'industry partnership']);
    for (const row of result.rows) {
      for (const cell of row.cells) expect(cell.text).not.toMatch(/Joint ventures|Strategic alliances/);
    }
    expect(result.rows[0]?.cells[0]?.text).toMatch(/^Ecosystem partnerships:/);
  });

  it('lists every catalog model with a one-line cited definition', async () => {
    const { models } = await c.models.list();
    for (const m of models) {
      expect(m.covered, m.model.id).toBe(true);
      expect(m.definition).not.toContain('\n');
      expect(m.citations).toHaveLength(1);
      expect(squash(m.citations[0]?.text ?? '')).toContain(squash(m.definition));
    }
    expect(models.find((m) => m.model.id === 'joint-venture')?.model.aliases).toContain('JV');
  });

  it('rejects unknown, repeated and too many models with what to do', async () => {
    const unknown = await c.models.compare(['jont venture', 'licensing']).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UnknownModelError);
    expect(unknown).toMatchObject({
      code: 'unknown_model',
      unknownName: 'jont venture',
      suggestions: expect.arrayContaining(['Joint venture']),
    });
    await expect(c.models.compare(['JV', 'joint ventures'])).rejects.toMatchObject({ code: 'bad_input' });
    await expect(c.models.compare(['JV', 'M&A', 'PPP', 'licensing', 'co-creation'])).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/at most 4/),
    });
  });

  it('recommends models for a situation with cited reasons and questions for what is missing', async () => {
    const situation = "We have a proprietary vision model and want a retailer's data without giving up our IP";
    const result = await c.models.recommend(situation, { channel: 'web' });
    expect(result.situation).toBe(situation);
    expect(result.recommendations.length).toBe(3);
    expect(result.recommendations[0]?.model.id).toBe('licensing-and-ip-sharing');
    const scores = result.recommendations.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const r of result.recommendations) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons) {
        const cited = reason.citations.map((n) => result.citations.find((x) => x.n === n) as Citation);
        expect(cited.every(Boolean)).toBe(true);
        // The words after the factor label are quoted from the cited passage.
        const quote = reason.text.replace(/^[^:]+:\s/, '');
        const parts = quote.split(/(?<=:)\s|;\s/).map((p) => p.replace(/\.$/, ''));
        for (const p of parts)
          expect(
            cited.some((x) => squash(x.text).includes(squash(p))),
            p,
          ).toBe(true);
      }
    }
    expect(result.recommendations[0]?.reasons.map((r) => r.text).join(' ')).toMatch(/^IP sensitivity:/);
    // It said nothing about control, speed, capital or risk: those are the questions.
    expect(result.clarifyingQuestions.join(' ')).toMatch(/control/);
    expect(result.clarifyingQuestions.join(' ')).not.toMatch(/intellectual property/);
  });

  it('ranks by what the situation stresses', async () => {
    const fast = await c.models.recommend('We need to get to market fast and share the risk with a partner');
    expect(fast.recommendations.map((r) => r.model.id)).toContain('co-creation');
    expect(fast.clarifyingQuestions.join(' ')).not.toMatch(/How quickly/);
    const nothing = await c.models.recommend('What is the weather in Paris tomorrow?');
    expect(nothing.recommendations).toEqual([]);
    expect(nothing.notices[0]).toMatch(/Nothing in the knowledge base matches/);
    await expect(c.models.recommend('   ')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(c.models.recommend('x'.repeat(5000))).rejects.toMatchObject({ code: 'bad_input' });
  });
});

describe('catalog checks at reindex', () => {
  let dir: string;
  let c: Composition;
  beforeAll(async () => {
    dir = await freshKnowledge();
    c = await open(dir);
  });
  afterAll(async () => {
    await c.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a catalog entry whose section was renamed, in the result and the audit row', async () => {
    const file = path.join(dir, 'overview-of-ai-partnership-strategies-and-models.md');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace('Joint Ventures\n--------------', 'Jointly Owned Ventures\n----------------------'),
    );
    const result = await c.advisor.reindex({ actor: 'test', trigger: 'test' });
    const warning = expect.stringMatching(
      /catalog\.json: "Joint venture" refers to section "Joint Ventures" of overview-of-ai-partnership-strategies-and-models\.md, which is no longer in the index/,
    );
    expect(result.warnings).toEqual(expect.arrayContaining([warning]));
    const [run] = await c.advisor.recentRuns(1);
    expect(run?.warnings).toEqual(expect.arrayContaining([warning]));
    // The model still compares, from the sections that remain.
    const compared = await c.models.compare(['JV', 'licensing']);
    expect(compared.rows[0]?.cells[0]?.covered).toBe(true);
    await writeFile(file, text);
  });

  it('a malformed catalog names the file and what to fix, without breaking questions', async () => {
    const catalog = path.join(dir, 'catalog.json');
    const good = await readFile(catalog, 'utf8');
    await writeFile(catalog, good.replace('"models": [', '"models": [,'));
    const result = await c.advisor.reindex({ actor: 'test', trigger: 'test' });
    expect(result.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/catalog\.json is not valid JSON .*questions still work/)]),
    );
    const error = await c.models.compare(['JV', 'licensing']).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'kb_file_invalid',
      message: expect.stringMatching(/catalog\.json.*Fix the file/),
    });
    const answer = await c.advisor.ask('What is a joint venture?');
    expect(answer.abstained).toBe(false);

    // A fresh process logs the problem at start and still opens.
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_o: object, msg?: string) => warnings.push(msg ?? '') };
    const again = await compose(loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir }), { logger });
    await again.close();
    expect(warnings).toEqual([expect.stringMatching(/catalog\.json is not valid JSON.*Questions still work/)]);

    await writeFile(catalog, JSON.stringify({ models: [{ id: 'x', name: 'X' }] }));
    await expect(c.models.list()).rejects.toMatchObject({
      code: 'kb_file_invalid',
      message: expect.stringMatching(
        /invalid shape \(models: the catalog needs at least two models|models\.0\.mentions/,
      ),
    });
    await writeFile(catalog, good);
    expect((await c.models.list()).models.length).toBeGreaterThanOrEqual(19);
  });
});

describe('comparisons with an OpenAI-compatible model (local stub)', () => {
  let dir: string;
  let stub: OpenAIStub;
  let c: Composition;
  let extractive: CatalogModels;
  beforeAll(async () => {
    dir = await freshKnowledge();
    stub = await startOpenAIStub();
    c = await open(dir, {
      CHAT_PROVIDER: 'openai',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '2000',
    });
    extractive = new CatalogModels({
      knowledge: c.advisor.knowledge,
      source: c.source,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await c.close();
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => stub.setChatHandler(() => 'A stub answer [1].'));

  /** A well-behaved model: each cell quotes the first sentence of the first passage listed for its model. */
  function quotingModel(
    tweak?: (cell: { model: string; dimension: string; text: string; citations: number[] }) => void,
  ) {
    return (messages: Array<{ role: string; content: string }>) => {
      const user = messages.find((m) => m.role === 'user')?.content ?? '';
      const passages = new Map(
        [...user.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)].map((m) => [Number(m[1]), m[2] ?? '']),
      );
      const models = [...user.matchAll(/^- ([a-z0-9-]+): [^;]+; passages ([\d, ]+)$/gm)].map((m) => ({
        id: m[1] as string,
        passages: (m[2] ?? '').split(',').map((n) => Number(n.trim())),
      }));
      const dims = [...user.matchAll(/^- ([a-z_]+): /gm)]
        .map((m) => m[1] as string)
        .filter((d) => d.includes('_') || ['definition', 'benefits', 'risks', 'governance', 'examples'].includes(d));
      const cells = models.flatMap((m) =>
        dims.map((dimension) => {
          const n = m.passages[0] ?? 1;
          const first = (passages.get(n) ?? '').split(/(?<=\.)\s/)[0] ?? '';
          const cell = { model: m.id, dimension, text: first.replace(/^- /, ''), citations: [n] };
          tweak?.(cell);
          return cell;
        }),
      );
      return JSON.stringify({ cells });
    };
  }

  it("asks for JSON and uses the model's cells when they cite that model's passages", async () => {
    stub.requests.length = 0;
    stub.setChatHandler(quotingModel());
    const result = await c.models.compare(['joint venture', 'co-creation']);
    const request = stub.requests.find((r) => r.path.endsWith('/chat/completions'));
    expect(request?.body.response_format).toEqual({ type: 'json_object' });
    const messages = request?.body.messages as Array<{ content: string }>;
    expect(messages[0]?.content).toMatch(/ONLY the numbered passages/);
    expect(result.notices).toEqual([]);
    expect(checkGrounded(result)).toEqual([]);
    // Every row of a column now carries the same quoted sentence: the model's text, not the extractive pick.
    const jv = result.rows.map((r) => r.cells[0]?.text);
    expect(new Set(jv).size).toBe(1);
    expect(jv[0]).toMatch(/Joint ventures involve/);
  });

  it("replaces cells that cite another model's passages or say things the passages do not", async () => {
    stub.setChatHandler(
      quotingModel((cell) => {
        if (cell.dimension === 'benefits') cell.citations = [99];
        if (cell.dimension === 'examples')
          cell.text = 'Acme Corp and Globex formed a famous quantum blockchain venture in 1999.';
      }),
    );
    const result = await c.models.compare(['joint venture', 'co-creation']);
    const plain = await extractive.compare(['joint venture', 'co-creation']);
    expect(result.notices).toContain(COMPARE_LLM_REPLACED_NOTICE);
    const row = (r: ComparisonResult, id: string) =>
      r.rows.find((x) => x.dimension.id === id)?.cells.map((x) => x.text);
    expect(row(result, 'benefits')).toEqual(row(plain, 'benefits'));
    expect(row(result, 'examples')).toEqual(row(plain, 'examples'));
    expect(JSON.stringify(result)).not.toContain('Acme');
    expect(checkGrounded(result)).toEqual([]);
  });

  it('limits the length of a cell', async () => {
    stub.setChatHandler(
      quotingModel((cell) => {
        if (cell.dimension === 'definition')
          cell.text = `${cell.text} ${cell.text} ${cell.text} ${cell.text} ${cell.text}`;
      }),
    );
    const result = await c.models.compare(['joint venture', 'co-creation']);
    for (const cell of result.rows[0]?.cells ?? []) expect(cell.text.length).toBeLessThanOrEqual(480);
  });

  it('falls back to the extractive table with a notice on invalid JSON, a wrong shape or a failing model', async () => {
    const plain = await extractive.compare(['M&A', 'licensing']);
    const texts = (r: ComparisonResult) => r.rows.map((row) => row.cells.map((x) => x.text));
    for (const handler of [() => '{"cells": [ not json', () => JSON.stringify({ cells: 'nope' })]) {
      stub.setChatHandler(handler);
      const result = await c.models.compare(['M&A', 'licensing']);
      expect(result.notices).toEqual([COMPARE_LLM_FALLBACK_NOTICE]);
      expect(texts(result)).toEqual(texts(plain));
    }
    stub.enqueueFault({ status: 500, on: 'chat' });
    const failed = await c.models.compare(['M&A', 'licensing']);
    expect(failed.notices).toEqual([COMPARE_LLM_FALLBACK_NOTICE]);
    expect(texts(failed)).toEqual(texts(plain));
  });
});
