/**
 * npm run teams:package [-- --out <file.zip>]
 * Writes the Teams app package (manifest with MICROSOFT_APP_ID, and the icons) to upload in Teams
 * (Apps › Manage your apps › Upload an app) or in the Teams admin center.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../src/config/schema.js';
import { buildManifest, buildPackage } from './teams/manifest.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = path.resolve((outIndex >= 0 ? args[outIndex + 1] : undefined) ?? 'build/partnership-advisor-teams.zip');

const appId = envSchema.shape.MICROSOFT_APP_ID.parse(process.env.MICROSOFT_APP_ID);
if (!appId) {
  fail(
    'MICROSOFT_APP_ID is not set. Set it to the Microsoft App ID of your Azure Bot resource (Configuration › Microsoft App ID), e.g.\n  MICROSOFT_APP_ID=00000000-0000-0000-0000-000000000000 npm run teams:package',
  );
}
if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
  fail(
    `MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (the Azure Bot's Microsoft App ID).`,
  );
}
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
try {
  const manifest = buildManifest({ appId, version });
  const zip = buildPackage(manifest);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`Wrote ${out} (${zip.length} bytes) for app id ${appId}, version ${version}.\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
