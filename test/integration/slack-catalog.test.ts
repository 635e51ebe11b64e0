/**
 * `/advisor compare | models | recommend` on the real catalog (knowledge/catalog.json) and the
 * shipped chapters: signed slash commands into the advisor server, answers caught on a fake
 * response URL on 127.0.0.1. What Slack shows is checked against what the same server's HTTP API
 * returns for the same request, cell by cell, and against Block Kit's limits.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ComparisonResult, ModelsResult, RecommendResult } from '../../src/core/models/types.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { blockKitViolations, mrkdwnTexts, unescapedMrkdwn } from '../support/chat-limits.js';
import { type FakeSlack, postSigned, startFakeSlack, TEAM_ID, waitFor } from '../support/fake-slack.js';

const SECRET = 'catalog-signing-secret-0123456789';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as the fake response URL received it.
type Json = any;

let fake: FakeSlack;
let server: AdvisorServer;

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-catalog',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    RATE_LIMIT_PER_MINUTE: '100',
  });
  server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

async function advisor(text: string, id: string): Promise<{ text: string; blocks: Json[] }> {
  const ack = await postSigned(`${server.url}/slack/events`, SECRET, {
    form: {
      command: '/advisor',
      text,
      user_id: 'UCATALOG1',
      channel_id: 'C0CATALOG',
      team_id: TEAM_ID,
      response_url: fake.responseUrl(id),
      trigger_id: `trigger-${id}`,
    },
  });
  expect(ack.status).toBe(200);
  const posted = await waitFor(() => fake.responses.find((r) => r.id === id), 30_000);
  return posted.body as { text: string; blocks: Json[] };
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

/** What Slack should show for a chapter text: escaped, `- ` items as `• ` lines. */
const asMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/^- /gm, '• ');

/** `[n]` numbers listed in the Sources section. */
function sourceNumbers(blocks: Json[]): Set<number> {
  const sources = mrkdwnTexts(blocks).find((t) => t.startsWith('*Sources*')) ?? '';
  return new Set([...sources.matchAll(/^\[(\d+)\] /gm)].map((m) => Number(m[1])));
}

function expectTableFor(message: { blocks: Json[] }, result: ComparisonResult): void {
  const { blocks } = message;
  expect(blockKitViolations(message)).toEqual([]);
  expect(unescapedMrkdwn(mrkdwnTexts(blocks))).toEqual([]);
  expect(blocks[0]).toMatchObject({ type: 'header' });
  expect(blocks[0].text.text).toBe(`Comparison: ${result.models.map((m) => m.name).join(' vs ')}`);
  const rows = blocks.filter((b) => b.type === 'section' && b.fields);
  // One row per dimension, labelled, in the core's order; one field per model, in the asked order.
  expect(rows.map((r) => r.text.text)).toEqual(result.rows.map((r) => `*${r.dimension.label}*`));
  const listed = sourceNumbers(blocks);
  expect([...listed].sort((a, b) => a - b)).toEqual(result.citations.map((c) => c.n));
  rows.forEach((row, r) => {
    expect(row.fields.map((f: Json) => f.text.split('\n')[0])).toEqual(result.models.map((m) => `*${m.name}*`));
    row.fields.forEach((field: Json, i: number) => {
      const cell = result.rows[r]?.cells[i];
      if (!cell) throw new Error(`no cell ${r}/${i}`);
      const shown = field.text.slice(field.text.indexOf('\n') + 1);
      if (!cell.covered) {
        expect(cell.citations).toEqual([]);
        expect(shown).toBe('_Not covered in the knowledge base._');
        return;
      }
      const markers = [...shown.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      expect(markers).toEqual(cell.citations);
      expect(markers.length).toBeGreaterThan(0);
      for (const n of markers) expect(listed.has(n)).toBe(true);
      expect(shown).toBe(`${asMrkdwn(cell.text)} ${cell.citations.map((n) => `[${n}]`).join('')}`);
    });
  });
}

describe('/advisor compare on the real catalog', () => {
  it('shows joint venture vs licensing as a table: every dimension, cited cells or "not covered", sources below', async () => {
    const message = await advisor('compare joint venture vs licensing', 'cmp-2');
    const result = await api<ComparisonResult>('POST', '/api/compare', { models: ['joint venture', 'licensing'] });
    expect(result.models.map((m) => m.name)).toEqual(['Joint venture', 'Licensing and IP sharing']);
    expect(message.text).toBe('Comparison: Joint venture vs Licensing and IP sharing');
    expectTableFor(message, result);
    // The chapters answer part of the table and leave part open: both kinds must show.
    const cells = result.rows.flatMap((r) => r.cells);
    expect(cells.some((c) => c.covered)).toBe(true);
    expect(cells.some((c) => !c.covered)).toBe(true);
    // A cell quoting a list shows its items as "•" lines, not as stray dashes.
    const listed = cells.filter((c) => c.covered && /\n- /.test(c.text));
    expect(listed.length).toBeGreaterThan(0);
    const fields = message.blocks.flatMap((b) => b.fields ?? []).map((f: Json) => f.text as string);
    expect(fields.some((t) => /\n• .+\n• /.test(t))).toBe(true);
    expect(fields.some((t) => /^- /m.test(t))).toBe(false);
  });

  it('fits four models (aliases JV, M&A, licensing, co-marketing) within Block Kit limits', async () => {
    const message = await advisor('compare JV vs M&amp;A vs licensing vs co-marketing', 'cmp-4');
    const result = await api<ComparisonResult>('POST', '/api/compare', {
      models: ['JV', 'M&A', 'licensing', 'co-marketing'],
    });
    expect(result.models.map((m) => m.id)).toEqual([
      'joint-venture',
      'mergers-and-acquisitions',
      'licensing-and-ip-sharing',
      'joint-marketing-and-sales',
    ]);
    expectTableFor(message, result);
    for (const row of message.blocks.filter((b) => b.fields)) expect(row.fields).toHaveLength(4);
  });

  it('suggests the closest model for a misspelt name, and points at the list', async () => {
    const message = await advisor('compare jont venture vs licensing', 'cmp-typo');
    expect(message.text).toMatch(/^I don't know the partnership model “jont venture”\. Did you mean \*Joint venture\*/);
    expect(message.text).toContain('`/advisor models`');
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('says clearly that a model compared with itself is not a comparison', async () => {
    const message = await advisor('compare licensing vs licensing', 'cmp-same');
    expect(message.text).toBe(
      ':warning: "licensing" and "licensing" are the same model (Licensing and IP sharing). Compare 2 to 4 different models.',
    );
    const many = await advisor('compare JV vs licensing vs co-creation vs alliance vs M&amp;A', 'cmp-five');
    expect(many.text).toMatch(/^:warning: .*(4|four)/i);
  });
});

describe('/advisor models and recommend on the real catalog', () => {
  it('lists compare, models and recommend in help, in mrkdwn Slack shows as written', async () => {
    const ack = await postSigned(`${server.url}/slack/events`, SECRET, {
      form: { command: '/advisor', text: 'help', user_id: 'UCATALOG1', channel_id: 'C0CATALOG', team_id: TEAM_ID },
    });
    const help = JSON.parse(ack.text).text as string;
    for (const usage of ['compare &lt;model&gt; vs &lt;model&gt;', '/advisor models', 'recommend &lt;situation&gt;']) {
      expect(help).toContain(usage);
    }
    // A raw <model> would be read as a link and vanish.
    expect(unescapedMrkdwn([help])).toEqual([]);
  });

  it('lists every catalog model with a definition and its source, within limits', async () => {
    const message = await advisor('models', 'models');
    const list = await api<ModelsResult>('GET', '/api/models');
    expect(list.models.length).toBeGreaterThanOrEqual(19);
    expect(blockKitViolations(message)).toEqual([]);
    expect(unescapedMrkdwn(mrkdwnTexts(message.blocks))).toEqual([]);
    const body = mrkdwnTexts(message.blocks).join('\n');
    expect(body).not.toContain('too long for one Slack message');
    for (const s of list.models) {
      const line = body.split('\n').find((l) => l.startsWith(`• *${s.model.name}*`));
      expect(line, s.model.name).toBeDefined();
      expect(s.covered).toBe(true);
      const source = s.citations[0];
      if (!source) throw new Error(`${s.model.name} has no citation`);
      expect(line).toContain(asMrkdwn(s.definition.slice(0, 60)));
      expect(line).toContain(`_(${asMrkdwn(`${source.title} › ${source.section}`)})_`);
    }
  });

  it('ranks the models that fit a situation, with cited reasons and what would sharpen it', async () => {
    const situation = "we have a proprietary vision model and want a retailer's data without giving up our IP";
    const message = await advisor(`recommend ${situation}`, 'rec');
    const result = await api<RecommendResult>('POST', '/api/recommend', { situation });
    expect(result.recommendations.length).toBeGreaterThan(0);
    expect(blockKitViolations(message)).toEqual([]);
    expect(unescapedMrkdwn(mrkdwnTexts(message.blocks))).toEqual([]);
    expect(message.text).toBe(`Recommended: ${result.recommendations.map((r) => r.model.name).join(', ')}`);
    const body = mrkdwnTexts(message.blocks).join('\n');
    expect(body).toContain(`*Your situation:* ${asMrkdwn(situation)}`);
    const listed = sourceNumbers(message.blocks);
    result.recommendations.forEach((rec, i) => {
      expect(body).toContain(`*${i + 1}. ${rec.model.name}* · ${Math.round(rec.score * 100)}% fit`);
      for (const reason of rec.reasons) {
        expect(reason.citations.length).toBeGreaterThan(0);
        for (const n of reason.citations) expect(listed.has(n)).toBe(true);
      }
    });
    // Keeping IP while getting data: licensing is what the chapters describe for that.
    expect(result.recommendations.map((r) => r.model.id)).toContain('licensing-and-ip-sharing');
    for (const q of result.clarifyingQuestions) expect(body).toContain(`• ${asMrkdwn(q)}`);
  });
});
