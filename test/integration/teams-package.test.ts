import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestProblems } from '../../scripts/teams/manifest.js';
import { pngInfo } from '../../scripts/teams/png.js';
import { HELP } from '../../src/core/commands/index.js';

const run = promisify(execFile);
const APP_ID = '3f2c9a51-7d4e-4b8a-9c1f-0e6d5b4a3c21';
const dir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));

function packageScript(env: Record<string, string>, out: string) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/teams-package.ts', '--out', out], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('npm run teams:package', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an installable zip: a valid manifest with the configured app id, and both icons', async () => {
    const out = path.join(dir, 'app.zip');
    const { stdout } = await packageScript({ MICROSOFT_APP_ID: APP_ID }, out);
    expect(stdout).toContain(`for app id ${APP_ID}`);

    const zip = new AdmZip(out);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json'));
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    // The command menus offer exactly the commands the bot understands; personal chats also get prompt starters.
    const commands = HELP.map((c) => ({ title: c.name, description: c.description }));
    const [personal, shared] = manifest.bots[0].commandLists;
    expect(personal.scopes).toEqual(['personal']);
    expect(personal.commands.filter((c: { type?: string }) => c.type !== 'prompt')).toEqual(commands);
    expect(personal.commands.filter((c: { type?: string }) => c.type === 'prompt').length).toBeGreaterThan(0);
    expect(shared).toEqual({ scopes: ['team', 'groupChat'], commands });

    const color = zip.getEntry(manifest.icons.color)?.getData();
    const outline = zip.getEntry(manifest.icons.outline)?.getData();
    expect(color && pngInfo(color)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(outline && pngInfo(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('refuses to package without a usable app id and says how to set it', async () => {
    const out = path.join(dir, 'none.zip');
    await expect(packageScript({}, out)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/MICROSOFT_APP_ID is not set.*Azure Bot/s),
    });
    await expect(packageScript({ MICROSOFT_APP_ID: 'my-bot' }, out)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/must be a GUID/),
    });
  });
});
