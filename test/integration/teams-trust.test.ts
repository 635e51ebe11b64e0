/**
 * Who may talk to the Teams bot, through real Bot Framework activities on /api/messages:
 * emulator mode (no app id) only from this machine and only replying to it; a configured bot only
 * with a Bot Connector token signed by the published keys (a local fake of login.botframework.com),
 * only from Teams and only from allowed tenants. Refusals are worded by the advisor, never the SDK.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { type FakeBotAuth, publicCloudWith, startFakeBotAuth } from '../support/fake-bot-auth.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';
import { message, post } from '../support/teams-activities.js';

const silent = pino({ level: 'silent' });
const APP_ID = '00000000-0000-4000-8000-0000000000a1';
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const ADMIN = 'aad-admin-trust';
/** Words of the SDK's own errors, which must never reach a response. */
const SDK_TEXT = /Unauthorized Access|No valid identity|Failed to load|signature|JsonWebToken|FetchError|ECONNREFUSED/i;

let pg: PgliteServer;
let connector: FakeConnector;
let auth: FakeBotAuth;

beforeAll(async () => {
  [pg, connector, auth] = await Promise.all([startPgliteServer(), startFakeConnector(), startFakeBotAuth()]);
});
afterAll(async () => {
  await connector?.close();
  await auth?.close();
  await pg?.close();
});

const repliesOf = (body: { activities?: Array<{ type: string; text?: string }> }) =>
  (body.activities ?? []).filter((a) => a.type === 'message');

describe('Teams emulator mode (no MICROSOFT_APP_ID)', () => {
  let server: AdvisorServer;
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: pg.url, PORT: '0', LOG_LEVEL: 'silent', TEAMS_ENABLED: 'true' });
    server = await startAdvisorServer(config, { logger: silent });
  });
  afterAll(() => server?.close());

  it('answers an activity from this machine', async () => {
    const res = await post(server.url, message(connector, 'help', { deliveryMode: 'expectReplies' }));
    expect(res.status).toBe(200);
    expect(repliesOf(res.body)).toHaveLength(1);
  });

  it('refuses an activity relayed from another machine, and sends nothing', async () => {
    const activity = message(connector, 'reindex');
    const res = await post(server.url, activity, { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/only from this machine/),
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.sent.filter((s) => s.conversationId === activity.conversation.id)).toEqual([]);
  });

  it('refuses a serviceUrl that is not on this machine', async () => {
    for (const url of ['http://203.0.113.7:3978/', 'https://evil.example/', 'http://0.0.0.0:3978/']) {
      const res = await post(server.url, message({ url }, 'help', { deliveryMode: 'expectReplies' }));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/serviceUrl on this machine/);
    }
  });

  it('takes channelId "msteams" and "emulator" only', async () => {
    const emulator = await post(server.url, {
      ...message(connector, 'help', { deliveryMode: 'expectReplies' }),
      channelId: 'emulator',
    });
    expect(emulator.status).toBe(200);
    const webchat = await post(server.url, {
      ...message(connector, 'help', { deliveryMode: 'expectReplies' }),
      channelId: 'webchat',
    });
    expect(webchat.status).toBe(403);
    expect(webchat.body.error.message).toMatch(/only Microsoft Teams activities/);
  });
});

describe('Teams with MICROSOFT_APP_ID (single tenant)', () => {
  let server: AdvisorServer;
  beforeAll(async () => {
    const config = loadConfig({
      DATABASE_URL: pg.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: TENANT,
      TEAMS_ADMIN_AAD_IDS: ADMIN,
    });
    server = await startAdvisorServer(config, {
      logger: silent,
      teams: { authSettings: publicCloudWith(auth.metadataUrl) },
    });
    // The index exists (built by the first server): this start rescans the chapters in the background.
    await server.startupReindex;
  });
  afterAll(() => server?.close());

  /** A message as Teams delivers it to this bot: signed, from a tenant, replies in the response. */
  function signed(
    text: string,
    o: { tenant?: string | null; channelId?: string; aad?: string; forged?: boolean } = {},
  ) {
    const activity = {
      ...message(connector, text, { deliveryMode: 'expectReplies', ...(o.aad ? { aad: o.aad } : {}) }),
      channelId: o.channelId ?? 'msteams',
      ...(o.tenant === null ? {} : { channelData: { tenant: { id: o.tenant ?? TENANT } } }),
    };
    const authorization = auth.authorization(
      { appId: APP_ID, serviceUrl: activity.serviceUrl },
      { forged: o.forged ?? false },
    );
    return post(server.url, activity, { authorization });
  }

  it('answers 503 while the signing keys cannot be fetched and 401 to a missing or forged token, without the SDK text', async () => {
    const unsigned = await post(server.url, message(connector, 'help', { deliveryMode: 'expectReplies' }));
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('unauthorized');

    auth.mode = 'error';
    const metadataDown = await signed('help');
    expect(metadataDown.status).toBe(503);
    expect(metadataDown.body.error.code).toBe('auth_unavailable');

    auth.mode = 'unreachable';
    const keysDown = await signed('help');
    expect(keysDown.status).toBe(503);
    expect(keysDown.body.error.code).toBe('auth_unavailable');

    auth.mode = 'ok';
    const forged = await signed('help', { forged: true });
    expect(forged.status).toBe(401);
    for (const res of [unsigned, metadataDown, keysDown, forged]) {
      expect(res.body.error.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(SDK_TEXT);
    }

    const ok = await signed('What is a joint venture?');
    expect(ok.status).toBe(200);
    expect(repliesOf(ok.body)[0]?.text).toMatch(/\[1\]/);
  });

  it('serves only its own tenant by default', async () => {
    const other = await signed('help', { tenant: OTHER_TENANT });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/TEAMS_ALLOWED_TENANT_IDS/);
    expect((await signed('help', { tenant: null })).status).toBe(403);
    expect((await signed('help')).status).toBe(200);
  });

  it('takes activities from Teams only, even with a valid token', async () => {
    for (const channelId of ['webchat', 'emulator', 'directline']) {
      const res = await signed('help', { channelId });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('runs reindex for an admin of TEAMS_ADMIN_AAD_IDS and refuses others', async () => {
    const refused = await signed('reindex', { aad: 'aad-someone' });
    expect(repliesOf(refused.body)[0]?.text).toMatch(/Only the advisor's administrators can use "reindex"/);
    expect(repliesOf(refused.body)[0]?.text).toContain('aad-someone');
    const done = await signed('reindex', { aad: ADMIN });
    expect(repliesOf(done.body)[0]?.text).toMatch(/Reindex finished in [\d.]+ s/);
    const runs = await pg.db.query<{ actor: string }>(`SELECT actor FROM index_runs WHERE trigger = 'teams'`);
    expect(runs.rows).toEqual([{ actor: `teams:${ADMIN}` }]);
  });

  it('shows the knowledge report to admins only', async () => {
    const refused = await signed('report', { aad: 'aad-someone' });
    expect(repliesOf(refused.body)[0]?.text).toMatch(/Only the advisor's administrators can use "report"/);
    const shown = await signed('report 7', { aad: ADMIN });
    const text = repliesOf(shown.body)[0]?.text ?? '';
    expect(text).toMatch(/^\*\*Knowledge report, last 7 days: \d+ questions?\*\*/);
  });
});
