/**
 * Socket Mode, chosen by configuration: the app opens a WebSocket to the URL that
 * apps.connections.open returns (a fake on 127.0.0.1), acknowledges envelopes over it, and
 * answers through the (fake) Web API. No /slack/events endpoint is mounted.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { BOT_USER_ID, type FakeSlack, startFakeSlack, TEAM_ID, waitFor } from '../support/fake-slack.js';

let fake: FakeSlack;
let server: AdvisorServer;

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-socket-test',
    SLACK_SOCKET_MODE: 'true',
    SLACK_APP_TOKEN: 'xapp-socket-test',
    SLACK_API_URL: fake.apiUrl,
  });
  server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
  await fake.socketMode.connected();
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe('Slack in Socket Mode', () => {
  it('connects with the app-level token and mounts no HTTP endpoint', async () => {
    expect(fake.callsOf('apps.connections.open').map((c) => c.token)).toEqual(['xapp-socket-test']);
    const res = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('acknowledges a mention over the socket and answers it in the thread, once despite a retry', async () => {
    const ts = fake.nextTs();
    const payload = {
      team_id: TEAM_ID,
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: 'EvSocket1',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_mention',
        user: 'USOCK001',
        text: `<@${BOT_USER_ID}> What is a joint venture?`,
        channel: 'C0SOCK01',
        ts,
        event_ts: ts,
      },
    };
    expect(await fake.socketMode.send('events_api', payload)).toEqual({});
    await fake.socketMode.send('events_api', payload, { retry_attempt: 1, retry_reason: 'timeout' });
    const answer = await waitFor(() => fake.answersIn('C0SOCK01', ts)[0]);
    expect(JSON.stringify(answer.blocks)).toContain('advisor_feedback_buttons');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.answersIn('C0SOCK01', ts)).toHaveLength(1);
    expect(fake.callsOf('chat.startStream').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('acknowledges /advisor with its working message and answers through the response URL', async () => {
    const ack = await fake.socketMode.send('slash_commands', {
      command: '/advisor',
      text: 'What is co-creation?',
      user_id: 'USOCK002',
      channel_id: 'C0SOCK01',
      team_id: TEAM_ID,
      response_url: fake.responseUrl('socket-ask'),
      trigger_id: 't-socket',
    });
    expect(String(ack.text)).toMatch(/Looking that up/);
    const response = await waitFor(() => fake.responses.find((r) => r.id === 'socket-ask'));
    expect(JSON.stringify(response.body.blocks).toLowerCase()).toContain('co-creation');
  });
});
