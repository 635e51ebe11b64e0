import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADVISOR_COMMAND } from '../../src/channels/slack/render-reply.js';

/** The manifests must ask for exactly what the code uses, or the app breaks only once installed. */
const manifests = {
  http: JSON.parse(readFileSync('slack/manifest.http.json', 'utf8')),
  socket: JSON.parse(readFileSync('slack/manifest.socket-mode.json', 'utf8')),
};

/** Web API methods called under src/channels/slack, and the bot scope each needs. */
const SCOPE_FOR_METHOD: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'views.open': [],
  'auth.test': [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('Slack app manifests', () => {
  it.each(Object.entries(manifests))(
    '%s: subscribes to every event the listeners handle and declares /advisor',
    (_, m) => {
      expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(
        ['app_mention', 'assistant_thread_context_changed', 'assistant_thread_started', 'message.im'].sort(),
      );
      expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([ADVISOR_COMMAND]);
      expect(m.settings.interactivity.is_enabled).toBe(true);
      expect(m.features.assistant_view).toBeDefined();
      expect(m.oauth_config.scopes.bot).toEqual(
        expect.arrayContaining(['assistant:write', 'app_mentions:read', 'commands']),
      );
    },
  );

  it('grants the scope of every Web API method the channel calls', () => {
    const code = sourceFiles('src/channels/slack')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const called = [...code.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`);
    // client.chatStream calls chat.startStream, chat.appendStream and chat.stopStream: chat:write.
    if (code.includes('client.chatStream(')) expect(manifests.http.oauth_config.scopes.bot).toContain('chat:write');
    expect(called.length).toBeGreaterThan(3);
    for (const method of new Set(called)) {
      expect(SCOPE_FOR_METHOD, `no scope known for ${method}`).toHaveProperty([method]);
      for (const scope of SCOPE_FOR_METHOD[method] ?? [])
        expect(manifests.http.oauth_config.scopes.bot).toContain(scope);
    }
  });

  it('points HTTP mode at POST /slack/events and Socket Mode at no URL', () => {
    const urls = [
      manifests.http.settings.event_subscriptions.request_url,
      manifests.http.settings.interactivity.request_url,
      manifests.http.features.slash_commands[0].url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifests.http.settings.socket_mode_enabled).toBe(false);
    expect(manifests.socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifests.socket)).not.toMatch(/https?:\/\/|request_url/);
  });
});
