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
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `cmd${i}`, description: 'does things' }));
    expect(
      manifestProblems(withBot((bot) => (bot.commandLists = [{ scopes: ['personal'], commands: eleven }]))),
    ).toEqual(['bots.0.commandLists.0.commands: a command list holds at most 10 commands']);
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
});
