import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, importsOf } from '../support/source-files.js';

/** Dependency directions of HOUSE-STYLE, checked by reading import lines. */
function resolved(file: string, spec: string): string {
  return spec.startsWith('.') ? path.relative('src', path.resolve(path.dirname(file), spec)) : spec;
}

const CORE_PACKAGES = new Set([
  'zod',
  'stemmer',
  '@langchain/textsplitters',
  'node:crypto',
  'fastest-levenshtein',
  'lru-cache',
]);

describe('architecture', () => {
  it('core imports only core and a few pure libraries, and never reads the environment', () => {
    const offenders: string[] = [];
    for (const file of filesUnder('src/core')) {
      for (const spec of importsOf(file)) {
        const target = resolved(file, spec);
        const ok = spec.startsWith('.') ? target.startsWith('core') : CORE_PACKAGES.has(spec);
        if (!ok) offenders.push(`${file} imports ${spec}`);
      }
      if (/process\.env/.test(readFileSync(file, 'utf8'))) offenders.push(`${file} reads process.env`);
    }
    expect(offenders).toEqual([]);
  });

  it('adapters never import channels; channels never import adapters or each other', () => {
    const offenders: string[] = [];
    for (const file of filesUnder('src/adapters')) {
      for (const spec of importsOf(file))
        if (resolved(file, spec).startsWith('channels')) offenders.push(`${file} -> ${spec}`);
    }
    for (const file of filesUnder('src/channels')) {
      const own = path.relative('src/channels', file).split(path.sep)[0];
      for (const spec of importsOf(file)) {
        const target = resolved(file, spec);
        if (target.startsWith('adapters')) offenders.push(`${file} -> ${spec}`);
        if (target.startsWith('channels') && target.split(path.sep)[1] !== own) offenders.push(`${file} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('channels take from the core only the command layer and plain types, never its internals', () => {
    // The command layer (parser, dispatcher, Reply union, labels) and type-only files are the boundary,
    // plus core/stream: the events of a streamed answer and how to deliver them in paced pieces.
    const allowed = [
      /^core\/commands\//,
      /^core\/stream\//,
      /^core\/(types|errors|ports)\.ts$/,
      /^core\/[\w-]+\/types\.ts$/,
    ];
    const offenders: string[] = [];
    for (const file of filesUnder('src/channels')) {
      for (const spec of importsOf(file)) {
        const target = resolved(file, spec).replace(/\.js$/, '.ts');
        if (target.startsWith('core') && !allowed.some((a) => a.test(target))) offenders.push(`${file} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('platform SDKs stay inside their own channel folder', () => {
    const offenders: string[] = [];
    for (const file of filesUnder('src')) {
      for (const spec of importsOf(file)) {
        if (
          (spec.startsWith('botbuilder') || spec.startsWith('botframework')) &&
          !file.startsWith('src/channels/teams')
        )
          offenders.push(`${file} -> ${spec}`);
        if (spec.startsWith('@slack/') && !file.startsWith('src/channels/slack')) offenders.push(`${file} -> ${spec}`);
        if (spec === 'openai' && !file.startsWith('src/adapters/')) offenders.push(`${file} -> ${spec}`);
        if ((spec === 'pg' || spec.startsWith('@electric-sql/')) && !file.startsWith('src/adapters/store'))
          offenders.push(`${file} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the Teams channel owns every botbuilder import (so a move to @microsoft/agents-hosting stays local)', () => {
    const users = filesUnder('src')
      .filter((f) => importsOf(f).some((spec) => /^(botbuilder|botframework)/.test(spec)))
      .map((f) => path.relative('src', f).split(path.sep).slice(0, 2).join('/'));
    expect(users.length).toBeGreaterThan(0);
    expect(new Set(users)).toEqual(new Set(['channels/teams']));
  });

  it('only config and the entry points read the environment', () => {
    const allowed = ['src/config/', 'src/main.ts', 'src/cli.ts', 'src/mcp.ts'];
    const offenders = filesUnder('src').filter(
      (f) => !allowed.some((a) => f.startsWith(a)) && /process\.env\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
