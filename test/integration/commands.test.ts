/**
 * The command layer's one policy, on the real store: the same per-user limit for every command that
 * reads the knowledge base, admin-only reindex, and errors that name what to do rather than how.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Caller, Reply } from '../../src/core/commands/index.js';
import { silentLogger } from '../../src/core/ports.js';

let composition: Composition;
beforeAll(async () => {
  composition = await compose(loadConfig({ DATABASE_URL: 'memory://', RATE_LIMIT_PER_MINUTE: '3' }), {
    logger: silentLogger,
  });
});
afterAll(() => composition?.close());

const user = (id: string, isAdmin = false): Caller => ({ channel: 'teams', user: id, isAdmin });
const run = (text: string, caller: Caller) => composition.commands.runText(text, caller);
const kinds = (replies: readonly Reply[]) => replies.map((r) => (r.kind === 'error' ? r.code : r.kind));

describe('command policy', () => {
  it('says an empty knowledge base needs a reindex, as an action each channel spells out', async () => {
    const reply = await run('What is a joint venture?', user('u-empty'));
    expect(reply).toMatchObject({ kind: 'error', code: 'kb_empty', severity: 'user', remedy: 'reindex' });
    expect(JSON.stringify(reply)).not.toMatch(/npm|cli/);
  });

  it('lets only admins reindex', async () => {
    expect(await run('reindex', user('u-plain'))).toMatchObject({ kind: 'error', code: 'forbidden' });
    expect((await composition.store.recentRuns(5)).length).toBe(0);
    const done = await run('reindex', user('u-admin', true));
    expect(done.kind).toBe('reindexReport');
    expect((await composition.store.recentRuns(5))[0]).toMatchObject({ actor: 'teams:u-admin', trigger: 'teams' });
  });

  it('counts every knowledge command against one per-user limit, and never help', async () => {
    const caller = user('u-busy');
    const replies = [];
    for (const text of ['models', 'sources', 'compare JV vs licensing', 'What is licensing?', 'help'])
      replies.push(await run(text, caller));
    expect(kinds(replies)).toEqual(['models', 'sources', 'comparison', 'rate_limited', 'help']);
    expect(replies[3]).toMatchObject({ retryAfterMs: 60_000, message: expect.stringMatching(/wait a minute/) });
    // The limit is per user: someone else is not affected.
    expect((await run('sources', user('u-other'))).kind).toBe('sources');
  });

  it('does not limit a caller the channel cannot name (the operator at the CLI)', async () => {
    const cli: Caller = { channel: 'cli', isAdmin: true };
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await run('sources', cli));
    expect(new Set(kinds(replies))).toEqual(new Set(['sources']));
  });

  it('lists each indexed document with its title and distinct sections', async () => {
    const reply = await run('sources', user('u-sources'));
    if (reply.kind !== 'sources') throw new Error(`expected sources, got ${reply.kind}`);
    const chunks = await composition.store.allChunks();
    expect(reply.documents.map((d) => d.source)).toEqual([...new Set(chunks.map((c) => c.source))].sort());
    for (const d of reply.documents) {
      const own = chunks.filter((c) => c.source === d.source);
      expect(d.title).toBe(own[0]?.title);
      expect(d.sections).toBe(new Set(own.map((c) => c.section)).size);
    }
  });
});
