/**
 * `/advisor compare | models | recommend` through the real protocol, with a small PartnershipModels
 * built in the test so that the exact Block Kit text can be pinned: the channel is mounted on an
 * express app exactly as the server mounts it, requests are signed, Slack is a fake. The real
 * catalog on the shipped chapters is exercised in slack-catalog.test.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../src/channels/slack/slack-channel.js';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CommandDispatcher } from '../../src/core/commands/index.js';
import { UnknownModelError } from '../../src/core/errors.js';
import type { CatalogModel, ComparisonResult, PartnershipModels } from '../../src/core/models/types.js';
import { silentLogger } from '../../src/core/ports.js';
import type { Citation } from '../../src/core/types.js';
import { TaskTracker } from '../../src/server/task-tracker.js';
import { type FakeSlack, postSigned, startFakeSlack, TEAM_ID, waitFor } from '../support/fake-slack.js';

const SECRET = 'models-signing-secret-0123456789';
const CATALOG: CatalogModel[] = [
  { id: 'joint-venture', name: 'Joint venture', aliases: ['JV'] },
  { id: 'licensing', name: 'Licensing and IP sharing', aliases: ['licensing', 'IP licensing'] },
  { id: 'strategic-alliance', name: 'Strategic alliance', aliases: ['alliance'] },
];
const cite = (n: number): Citation => ({
  n,
  chunkId: n,
  source: 'overview-of-partnerships.md',
  title: 'Overview of Partnerships',
  section: `Types of Partnerships › Part ${n}`,
  score: 0.4,
  text: `Passage ${n}`,
});

function find(name: string): CatalogModel {
  const wanted = name.toLowerCase();
  const model = CATALOG.find(
    (m) => m.name.toLowerCase() === wanted || m.aliases.some((a) => a.toLowerCase() === wanted),
  );
  if (!model) {
    const suggestions = CATALOG.filter((m) => m.name.toLowerCase().startsWith(wanted.slice(0, 3))).map((m) => m.name);
    throw new UnknownModelError(name, suggestions, `Unknown partnership model "${name}".`);
  }
  return model;
}

const models: PartnershipModels = {
  list: async () => ({
    models: CATALOG.map((model, i) => ({
      model,
      definition: `${model.name} defined.`,
      covered: true,
      citations: [cite(i + 1)],
    })),
  }),
  compare: async (names): Promise<ComparisonResult> => {
    const chosen = names.map(find);
    return {
      models: chosen,
      rows: [
        {
          dimension: { id: 'benefits', label: 'Benefits' },
          cells: chosen.map((m) => ({ text: `${m.name} benefits`, covered: true, citations: [1] })),
        },
        {
          dimension: { id: 'risks', label: 'Risks and considerations' },
          cells: chosen.map(() => ({ text: 'Not covered in the chapters.', covered: false, citations: [] })),
        },
      ],
      citations: [cite(1)],
      notices: [],
      timings_ms: { total: 1 },
    };
  },
  recommend: async (situation) => ({
    situation,
    recommendations: [
      { model: CATALOG[1] as CatalogModel, score: 0.9, reasons: [{ text: 'Access without buying', citations: [1] }] },
    ],
    citations: [cite(1)],
    clarifyingQuestions: [],
    notices: [],
  }),
};

let fake: FakeSlack;
let composition: Composition;
let server: Server;
let url: string;
const tasks = new TaskTracker();

beforeAll(async () => {
  fake = await startFakeSlack();
  composition = await compose(loadConfig({ DATABASE_URL: 'memory://' }), { logger: silentLogger });
  const channel = await createSlackChannel({
    commands: new CommandDispatcher({
      advisor: composition.advisor,
      models,
      ledger: composition.store,
      logger: silentLogger,
      ratePerMinute: 100,
    }),
    ledger: composition.store,
    logger: silentLogger,
    tasks,
    settings: {
      botToken: 'xoxb-models',
      signingSecret: SECRET,
      appToken: undefined,
      socketMode: false,
      apiUrl: fake.apiUrl,
      adminUserIds: [],
    },
  });
  const app = express();
  app.use('/slack', channel.router as express.Router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await tasks.drain(5000);
  server?.close();
  await composition?.close();
  await fake?.close();
});

async function run(text: string, id: string) {
  const ack = await postSigned(url, SECRET, {
    form: {
      command: '/advisor',
      text,
      user_id: 'UMOD0001',
      channel_id: 'C1',
      team_id: TEAM_ID,
      response_url: fake.responseUrl(id),
      trigger_id: id,
    },
  });
  expect(ack.status).toBe(200);
  return (await waitFor(() => fake.responses.find((r) => r.id === id))).body;
}

describe('/advisor with partnership models', () => {
  it('compares models in Block Kit: one section per dimension, one field per model, sources below', async () => {
    const body = await run('compare JV vs licensing vs alliance', 'cmp');
    const sections = body.blocks.filter((b: { fields?: unknown }) => b.fields);
    expect(sections.map((s: { text: { text: string } }) => s.text.text)).toEqual([
      '*Benefits*',
      '*Risks and considerations*',
    ]);
    expect(sections[0].fields.map((f: { text: string }) => f.text)).toEqual([
      '*Joint venture*\nJoint venture benefits [1]',
      '*Licensing and IP sharing*\nLicensing and IP sharing benefits [1]',
      '*Strategic alliance*\nStrategic alliance benefits [1]',
    ]);
    expect(sections[1].fields[0].text).toBe('*Joint venture*\n_Not covered in the chapters._');
    expect(JSON.stringify(body.blocks)).toContain('[1] Overview of Partnerships › Types of Partnerships › Part 1');
  });

  it('answers an unknown model with "did you mean"', async () => {
    const body = await run('compare joint ventrue vs licensing', 'unknown');
    expect(body.text).toBe(
      "I don't know the partnership model “joint ventrue”. Did you mean *Joint venture*? Type `/advisor models` to see every model I can compare.",
    );
  });

  it('lists the models and recommends for a situation', async () => {
    const list = await run('models', 'list');
    expect(JSON.stringify(list.blocks)).toContain('• *Joint venture* (JV): Joint venture defined.');
    const rec = await run('recommend we want a startup model without buying it', 'rec');
    expect(JSON.stringify(rec.blocks)).toContain(
      '*1. Licensing and IP sharing* · 90% fit\\n• Access without buying [1]',
    );
  });
});
