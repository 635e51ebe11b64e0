/**
 * RETENTION_DAYS: answers (with their feedback and message links), feedback, chat events and finished
 * reindex runs older than the limit are purged; recent records and a run in progress stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import { type Store, silentLogger } from '../../src/core/ports.js';
import { RetentionJob } from '../../src/core/retention.js';
import { askResult } from '../support/answers.js';
import { type PgliteServer, startPgliteServer } from '../support/pglite-server.js';

const DAY_MS = 86_400_000;

describe('retention purge', () => {
  let pg: PgliteServer;
  let store: Store;
  beforeAll(async () => {
    pg = await startPgliteServer();
    store = await openStore({ kind: 'postgres', url: pg.url }, { logger: silentLogger });
  });
  afterAll(async () => {
    await store?.close();
    await pg?.close();
  });

  /** Moves a row's timestamp `days` into the past, as if it had been written then. */
  const age = (sql: string, days: number, id: string | number) =>
    pg.db.query(sql.replace('$age', `now() - interval '${days} days'`), [id]);

  it('deletes what is older than the limit and keeps the rest', async () => {
    for (const id of ['old-answer', 'new-answer']) {
      await store.recordAnswer({
        answerId: id,
        channel: 'web',
        user: 'ana',
        result: { ...askResult('a [1]'), answerId: id },
      });
    }
    await store.recordFeedback({ answerId: 'old-answer', vote: 'up', channel: 'web', user: 'ana' });
    await store.recordFeedback({ answerId: 'new-answer', vote: 'down', channel: 'web', user: 'ana' });
    await store.linkMessage({ channel: 'teams', messageRef: 'conv|1', answerId: 'old-answer' });
    await store.claimEvent('slack:old-event');
    await store.claimEvent('slack:new-event');
    const oldRun = await store.startRun({ actor: 'cli', trigger: 'manual' });
    await store.finishRun(oldRun, { status: 'failed', error: 'x', warnings: [] });
    const runningRun = await store.startRun({ actor: 'cli', trigger: 'manual' });
    await store.appendTurn('conv', { question: 'q', answer: 'a' });

    await age('UPDATE answers SET created_at = $age WHERE answer_id = $1', 100, 'old-answer');
    await age('UPDATE feedback SET created_at = $age WHERE answer_id = $1', 100, 'old-answer');
    await age('UPDATE chat_events SET claimed_at = $age WHERE key = $1', 100, 'slack:old-event');
    await age('UPDATE index_runs SET started_at = $age WHERE id = $1', 100, oldRun);
    await age('UPDATE index_runs SET started_at = $age WHERE id = $1', 100, runningRun);
    await age('UPDATE conversation_turns SET created_at = $age WHERE conversation_id = $1', 40, 'conv');

    const job = new RetentionJob(store, silentLogger, { days: 90, conversationDays: 30 });
    expect(await job.purgeOnce()).toEqual({ answers: 1, feedback: 1, chatEvents: 1, indexRuns: 1, turns: 1 });

    const rows = async (sql: string) => (await pg.db.query(sql)).rows;
    expect(await rows('SELECT answer_id FROM answers')).toEqual([{ answer_id: 'new-answer' }]);
    expect(await rows('SELECT answer_id FROM feedback')).toEqual([{ answer_id: 'new-answer' }]);
    expect(await rows('SELECT answer_id FROM answer_messages')).toEqual([]);
    expect(await rows('SELECT key FROM chat_events')).toEqual([{ key: 'slack:new-event' }]);
    // A run still in progress is never purged, however old.
    expect(await rows('SELECT id, status FROM index_runs')).toEqual([{ id: runningRun, status: 'running' }]);
    expect(await job.purgeOnce()).toEqual({ answers: 0, feedback: 0, chatEvents: 0, indexRuns: 0, turns: 0 });
  });

  it('logs a failed purge and keeps going (the next tick retries)', async () => {
    const warnings: string[] = [];
    const failing = {
      purgeOlderThan: () => Promise.reject(new Error('connection terminated')),
      pruneTurns: () => Promise.resolve(0),
    };
    const job = new RetentionJob(
      failing,
      { ...silentLogger, warn: (_o, msg) => warnings.push(msg ?? '') },
      {
        days: 90,
        conversationDays: 30,
        now: () => new Date(Date.now() + DAY_MS),
      },
    );
    expect(await job.purgeOnce()).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/purge failed/)]);
  });
});
