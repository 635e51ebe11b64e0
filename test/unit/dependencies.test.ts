import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { filesUnder, importsOf } from '../support/source-files.js';

/** package.json's runtime dependencies are what the product loads: `npm ci --omit=dev` (the Docker image) runs it. */
interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as Manifest;
const runtime = Object.keys(manifest('.').dependencies ?? {});

/** `@scope/name/sub` -> `@scope/name`; relative and node: specifiers -> undefined. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) return undefined;
  return spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
}

const productImports = new Set(
  filesUnder('src').flatMap((file) => importsOf(file, { valuesOnly: true }).flatMap((spec) => packageOf(spec) ?? [])),
);

describe('runtime dependencies', () => {
  it('every package the product imports is a runtime dependency (not a dev tool missing from the image)', () => {
    expect([...productImports].filter((name) => !runtime.includes(name))).toEqual([]);
  });

  it('every runtime dependency is imported by the product or is a peer of one that is', () => {
    const peers = new Set(
      [...productImports].flatMap((name) => Object.keys(manifest(`node_modules/${name}`).peerDependencies ?? {})),
    );
    expect(runtime.filter((name) => !productImports.has(name) && !peers.has(name))).toEqual([]);
  });
});
