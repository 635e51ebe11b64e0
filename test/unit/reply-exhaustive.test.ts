/**
 * Proof that every channel renders every reply kind: a copy of src/ with one more kind in the
 * Reply union must fail to typecheck in each channel's renderer (their switches end in assertNever).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const RENDERERS = ['slack', 'teams', 'web', 'cli'].map((channel) => `src/channels/${channel}/render-reply.ts`);
const dir = mkdtempSync(path.join(tmpdir(), 'reply-kinds-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function typecheck(): Promise<string> {
  try {
    await promisify(execFile)(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', dir]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('reply kinds', () => {
  it('a reply kind that a channel does not render fails to typecheck in that channel', async () => {
    cpSync(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
    // The renderers and what they import (`npm run typecheck` already proves them clean as they are).
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: RENDERERS }));

    const reply = path.join(dir, 'src/core/commands/reply.ts');
    const text = readFileSync(reply, 'utf8');
    const extended = text.replace('export type Reply =\n', "export type Reply =\n  | { readonly kind: 'probe' }\n");
    expect(extended).not.toBe(text);
    writeFileSync(reply, extended);
    const errors = await typecheck();
    for (const renderer of RENDERERS) expect(errors).toContain(renderer);
  }, 30_000);
});
