import { describe, expect, it } from 'vitest';
import { buildManifest, manifestProblems, type TeamsManifest } from '../../scripts/teams/manifest.js';

const APP_ID = '3f2c9a51-7d4e-4b8a-9c1f-0e6d5b4a3c21';

describe('Teams manifest', () => {
  const valid = buildManifest({ appId: APP_ID, version: '1.2.3' });
  const withBot = (change: (bot: Record<string, unknown>) => void): TeamsManifest => {
    const copy = structuredClone(valid) as TeamsManifest & { bots: Array<Record<string, unknown>> };
    const bot = copy.bots[0];
    if (bot) change(bot);
    return copy;
  };

  it('fills the template into a manifest that follows the schema rules', () => {
    expect(valid.id).toBe(APP_ID);
    expect(valid.version).toBe('1.2.3');
    expect(manifestProblems(valid)).toEqual([]);
  });

  it('catches missing fields, long names, too many commands and unknown scopes', () => {
    const { developer: _d, ...noDeveloper } = valid;
    expect(manifestProblems(noDeveloper)).toEqual([expect.stringMatching(/^developer: /)]);
    expect(manifestProblems({ ...valid, name: { short: 'A name far longer than thirty characters' } })).toEqual([
      expect.stringMatching(/^name\.short: /),
    ]);
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ title: `cmd${i}`, description: 'does things' }));
    expect(
      manifestProblems(withBot((bot) => (bot.commandLists = [{ scopes: ['personal'], commands: thirteen }]))),
    ).toEqual(['bots.0.commandLists.0.commands: a command list holds at most 12 commands']);
    const twice = [{ title: 'help', description: 'Show what the advisor can do' }];
    expect(
      manifestProblems(
        withBot(
          (bot) =>
            (bot.commandLists = [
              { scopes: ['personal'], commands: twice },
              { scopes: ['personal', 'team'], commands: twice },
            ]),
        ),
      ),
    ).toEqual(['bots.0.commandLists: each scope belongs to one command list']);
    expect(manifestProblems(withBot((bot) => (bot.scopes = ['personal', 'meeting'])))).toEqual([
      expect.stringMatching(/^bots\.0\.scopes\.1: /),
    ]);
    expect(manifestProblems({ ...valid, extra: true })).toEqual([expect.stringMatching(/extra/)]);
  });

  it('refuses an app id that is not a GUID and placeholders it cannot fill', () => {
    expect(() => buildManifest({ appId: 'my-bot', version: '1.0.0' })).toThrow(/id: must be a GUID/);
    expect(() => buildManifest({ appId: APP_ID, version: '1.0.0', template: '{"id": "{{TEAMS_APP_ID}}"}' })).toThrow(
      /placeholders this script does not fill: \{\{TEAMS_APP_ID\}\}/,
    );
  });

  it('offers prompt starters in personal chats, each with the prompt it puts in the compose box', () => {
    const lists = valid.bots[0]?.commandLists ?? [];
    const personal = lists.find((l) => l.scopes.includes('personal'));
    const starters = personal?.commands.filter((c) => c.type === 'prompt') ?? [];
    expect(starters.length).toBeGreaterThanOrEqual(3);
    for (const s of starters) expect(s.prompt).toMatch(/\?$/);
    // Elsewhere (teams, group chats) only the commands, which need an @mention there.
    const shared = lists.find((l) => l.scopes.includes('team'));
    expect(shared?.commands.every((c) => c.type !== 'prompt')).toBe(true);
    const noPrompt = withBot(
      (bot) =>
        (bot.commandLists = [{ scopes: ['personal'], commands: [{ title: 'Ask', description: 'x', type: 'prompt' }] }]),
    );
    expect(manifestProblems(noPrompt)).toEqual([
      'bots.0.commandLists.0.commands.0: a prompt starter needs its prompt text',
    ]);
  });
});
