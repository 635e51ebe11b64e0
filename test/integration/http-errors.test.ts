/**
 * Error bodies over HTTP: ids are checked at the edge (400, not a database error), and a database
 * failure reaches the client as a code, a plain message and the request id, while its own text
 * (table and constraint names, PostgreSQL's wording) goes only to the log.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/store/migrations.js';
import { PgliteClient } from '../../src/adapters/store/sql-client.js';
import { SqlStore } from '../../src/adapters/store/sql-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { postJson } from '../faults/helpers.js';

describe('HTTP error bodies', () => {
  let db: PGlite;
  let server: AdvisorServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await PGlite.create({ extensions: { vector } });
    const client = new PgliteClient(db);
    await migrate(client);
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const config = loadConfig({ DATABASE_URL: 'memory://', PORT: '0' });
    server = await startAdvisorServer(config, { logger, overrides: { store: new SqlStore(client) } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const feedback = (body: unknown) => postJson(`${server.url}/api/feedback`, body);
  const ask = async () => (await postJson(`${server.url}/api/ask`, { question: 'What is co-creation?' })).body;

  it('refuses an answerId that is not a UUID with a 400 that says what to send', async () => {
    for (const answerId of ['a\u0000b', 'no-such-answer', `${randomUUID()}' OR 1=1`]) {
      const res = await feedback({ answerId, vote: 'up' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_input', requestId: expect.any(String) });
      expect(res.body.error.message).toMatch(/answerId.*UUID/);
    }
    const unknown = await feedback({ answerId: randomUUID(), vote: 'up' });
    expect(unknown.status).toBe(404);
  });

  it('stores a comment with control characters without them', async () => {
    const { answerId } = await ask();
    const res = await feedback({ answerId, vote: 'down', comment: 'too\u0000 vague\u0007' });
    expect(res.status).toBe(201);
    const { rows } = await db.query<{ comment: string }>('SELECT comment FROM feedback WHERE answer_id = $1', [
      answerId,
    ]);
    expect(rows).toEqual([{ comment: 'too vague' }]);
  });

  it('logs a database error and answers with its code, a plain message and the request id', async () => {
    const { answerId } = await ask();
    await db.exec(`ALTER TABLE feedback ADD CONSTRAINT refuses_every_vote CHECK (vote = 'never') NOT VALID`);
    try {
      const res = await fetch(`${server.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-vote-1' },
        body: JSON.stringify({ answerId, vote: 'up' }),
      });
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(res.status).toBe(500);
      expect(body.error.code).toBe('db_error');
      expect(body.error.requestId).toBe('req-vote-1');
      expect(body.error.message).toMatch(/went wrong on our side.*reference/);
      expect(JSON.stringify(body)).not.toMatch(/refuses_every_vote|constraint|relation|feedback|violates/i);
      expect(logLines.join('\n')).toMatch(/refuses_every_vote/);
    } finally {
      await db.exec('ALTER TABLE feedback DROP CONSTRAINT refuses_every_vote');
    }
  });
});
