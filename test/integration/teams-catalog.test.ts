/**
 * Teams `compare | models | recommend` on the real catalog (knowledge/catalog.json) and the shipped
 * chapters: Bot Framework activities POSTed to /api/messages with deliveryMode "expectReplies", so
 * the replies come back in the response body. Each card is checked against what the same server's
 * HTTP API returns for the same request, and against what Teams accepts.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ComparisonResult, ModelsResult, RecommendResult } from '../../src/core/models/types.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { adaptiveCardViolations, cardElements, cardTexts } from '../support/chat-limits.js';
import { asShown } from '../support/teams-markdown.js';

const BOT = { id: '28:advisor-bot', name: 'Partnership Advisor' };
let seq = 0;
let server: AdvisorServer;

// biome-ignore lint/suspicious/noExplicitAny: activity and card JSON, checked field by field.
type Json = any;

beforeAll(async () => {
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TEAMS_ENABLED: 'true',
    RATE_LIMIT_PER_MINUTE: '100',
  });
  server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await server?.close();
});

/** Sends a personal-chat message (or a card button's value) and returns the bot's one reply, as shown. */
async function teams(text: string, value?: Record<string, unknown>): Promise<Json> {
  const n = ++seq;
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `catalog-msg-${n}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/unused',
      timestamp: new Date().toISOString(),
      from: { id: '29:user-1', name: 'Dana', aadObjectId: 'aad-catalog-user' },
      recipient: BOT,
      conversation: { id: `a:catalog-${n}`, conversationType: 'personal' },
      text,
      deliveryMode: 'expectReplies',
      ...(value ? { value } : {}),
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { activities: Json[] };
  const replies = body.activities.filter((a) => a.type === 'message');
  expect(replies).toHaveLength(1);
  return asShown(replies[0]);
}

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const cardOf = (activity: Json) => {
  expect(adaptiveCardViolations(activity)).toEqual([]);
  return activity.attachments[0].content;
};

/** `[n]` numbers of the card's Sources list. */
function sourceNumbers(card: Json): Set<number> {
  const all = cardTexts(card);
  return new Set(
    all
      .slice(all.indexOf('Sources') + 1)
      .map((t) => /^\[(\d+)\] /.exec(t)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
}

/** A cell's text as the card shows it: one line per TextBlock, "- " items as "• ". */
const asLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^- /, '• '));

function expectCardFor(activity: Json, result: ComparisonResult): void {
  const card = cardOf(activity);
  const names = result.models.map((m) => m.name);
  expect(activity.text).toBe(`Comparison: ${names.join(' vs ')}`);
  expect(cardTexts(card)[0]).toBe(names.join(' vs '));
  const listed = sourceNumbers(card);
  expect([...listed].sort((a, b) => a - b)).toEqual(result.citations.map((c) => c.n));
  // One container per dimension: its label, then a column per model.
  const rows = card.body.filter((e: Json) => e.type === 'Container');
  expect(rows.map((r: Json) => r.items[0].text)).toEqual(result.rows.map((r) => r.dimension.label));
  rows.forEach((row: Json, r: number) => {
    const columns = row.items[1].columns;
    expect(columns.map((c: Json) => c.items[0].text)).toEqual(names);
    columns.forEach((column: Json, i: number) => {
      const cell = result.rows[r]?.cells[i];
      if (!cell) throw new Error(`no cell ${r}/${i}`);
      const shown = cardTexts(column).slice(1);
      if (!cell.covered) {
        expect(shown).toEqual(['Not covered in the knowledge base.']);
        expect(column.items[1].isSubtle).toBe(true);
        return;
      }
      const lines = asLines(cell.text);
      const markers = cell.citations.map((n) => `[${n}]`).join('');
      expect(shown).toEqual([...lines.slice(0, -1), `${lines.at(-1)} ${markers}`]);
      expect(cell.citations.length).toBeGreaterThan(0);
      for (const n of cell.citations) expect(listed.has(n)).toBe(true);
    });
  });
}

describe('Teams compare on the real catalog', () => {
  it('answers "compare joint venture vs licensing" with a card: every dimension, a column per model, cited cells', async () => {
    const reply = await teams('compare joint venture vs licensing');
    const result = await api<ComparisonResult>('POST', '/api/compare', { models: ['joint venture', 'licensing'] });
    expectCardFor(reply, result);
    expect(reply.entities?.[0]?.additionalType).toEqual(['AIGeneratedContent']);
    // The chapters cover part of the table, and a cell that quotes a list shows its items as lines.
    const cells = result.rows.flatMap((r) => r.cells);
    expect(cells.some((c) => !c.covered)).toBe(true);
    expect(cells.some((c) => c.covered && /\n- /.test(c.text))).toBe(true);
    const texts = cardTexts(reply.attachments[0].content);
    expect(texts.filter((t) => t.startsWith('• ')).length).toBeGreaterThanOrEqual(2);
    expect(texts.some((t) => t.startsWith('- '))).toBe(false);
  });

  it('fits four models given by alias (JV, M&A, licensing, co-marketing) under 28 KB', async () => {
    const reply = await teams('compare JV vs M&A vs licensing vs co-marketing');
    const result = await api<ComparisonResult>('POST', '/api/compare', {
      models: ['JV', 'M&A', 'licensing', 'co-marketing'],
    });
    expect(result.models).toHaveLength(4);
    expectCardFor(reply, result);
    expect(Buffer.byteLength(JSON.stringify(reply))).toBeLessThan(28_000);
  });

  it('offers "did you mean" buttons for a misspelt model, and a button press runs the fixed comparison', async () => {
    const reply = await teams('compare jont venture vs licensing');
    expect(reply.text).toMatch(/^I don't know "jont venture"\. Did you mean "Joint venture"/);
    const card = cardOf(reply);
    const first = card.actions[0];
    expect(first).toEqual({
      type: 'Action.Submit',
      title: 'Joint venture',
      data: { command: 'compare Joint venture vs licensing' },
    });
    // Teams sends the button's data back as the value of a message without text.
    const fixed = await teams('', first.data);
    expect(fixed.text).toBe('Comparison: Joint venture vs Licensing and IP sharing');
    expect(adaptiveCardViolations(fixed)).toEqual([]);
  });

  it('says clearly that the same model twice is not a comparison', async () => {
    const reply = await teams('compare licensing vs licensing');
    expect(reply.text).toBe(
      '"licensing" and "licensing" are the same model (Licensing and IP sharing). Compare 2 to 4 different models.',
    );
    expect(reply.attachments ?? []).toEqual([]);
  });
});

describe('Teams models and recommend on the real catalog', () => {
  it('lists every catalog model with its definition and source, under 28 KB', async () => {
    const reply = await teams('models');
    const list = await api<ModelsResult>('GET', '/api/models');
    const card = cardOf(reply);
    expect(reply.text).toBe(`${list.models.length} partnership models`);
    const entries = card.body.filter((e: Json) => e.type === 'Container');
    expect(entries).toHaveLength(list.models.length);
    list.models.forEach((s, i) => {
      const texts = cardTexts(entries[i]);
      expect(texts[0]?.startsWith(s.model.name)).toBe(true);
      expect(texts[1]).toBe(s.definition);
      const source = s.citations[0];
      if (!source) throw new Error(`${s.model.name} has no citation`);
      expect(texts[2]).toBe(`Source: ${source.title} › ${source.section}`);
    });
  });

  it('ranks the models for a situation, with their fit, cited reasons and sources', async () => {
    const situation = "we have a proprietary vision model and want a retailer's data without giving up our IP";
    const reply = await teams(`recommend ${situation}`);
    const result = await api<RecommendResult>('POST', '/api/recommend', { situation });
    const card = cardOf(reply);
    expect(reply.text).toBe(`Recommended: ${result.recommendations.map((r) => r.model.name).join(', ')}`);
    const texts = cardTexts(card);
    expect(texts).toContain(`For: ${situation}`);
    const listed = sourceNumbers(card);
    const entries = card.body.filter((e: Json) => e.type === 'Container');
    expect(entries).toHaveLength(result.recommendations.length);
    result.recommendations.forEach((rec, i) => {
      const shown = cardTexts(entries[i]);
      expect(shown.slice(0, 2)).toEqual([`${i + 1}. ${rec.model.name}`, `${Math.round(rec.score * 100)}% fit`]);
      const reasons = shown.slice(2).filter((t) => t.startsWith('• '));
      expect(reasons).toHaveLength(rec.reasons.length);
      for (const reason of rec.reasons) {
        expect(reason.citations.length).toBeGreaterThan(0);
        for (const n of reason.citations) expect(listed.has(n)).toBe(true);
      }
    });
    expect(result.recommendations.map((r) => r.model.id)).toContain('licensing-and-ip-sharing');
    for (const q of result.clarifyingQuestions) expect(texts).toContain(`• ${q}`);
    expect(cardElements(card, 'ColumnSet')).toHaveLength(result.recommendations.length);
  });

  it('lists compare, models and recommend in help', async () => {
    const reply = await teams('help');
    // In code spans, so that Teams shows <model> instead of taking it for an HTML tag.
    for (const usage of ['`compare <model> vs <model> [vs ...]`', '`models`', '`recommend <situation>`']) {
      expect(reply.text).toContain(usage);
    }
    expect(reply.text.replace(/`[^`]*`/g, '')).not.toMatch(/<\w+>/);
  });
});
