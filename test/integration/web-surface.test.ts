/**
 * The HTTP surface when it is exposed: DNS-rebinding Host headers, framing and referrers, the
 * metrics token, readiness during shutdown, and PostgreSQL timeouts on the pg driver path.
 */
import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/ports.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { startPgliteServer } from '../support/pglite-server.js';

const silent = pino({ level: 'silent' });
const METRICS_TOKEN = 'metrics-token-0123456789';

/** A GET with an explicit Host header, as a DNS-rebinding page (or a reverse proxy) would send it. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web surface bound to loopback', () => {
  let server: AdvisorServer;
  beforeAll(async () => {
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ALLOWED_HOSTS: 'advisor.internal.example',
      METRICS_TOKEN,
    });
    server = await startAdvisorServer(config, { logger: silent });
  });
  afterAll(() => server?.close());

  it('answers loopback Host headers and ALLOWED_HOSTS on any port, and refuses others with 403 (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'localhost',
      'advisor.internal.example:443',
    ]) {
      expect((await getWithHost(`${server.url}/healthz`, host)).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io']) {
      const refused = await getWithHost(`${server.url}/api/models`, host);
      expect(refused.status, host).toBe(403);
      expect(JSON.parse(refused.body).error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/ALLOWED_HOSTS/),
      });
    }
  });

  it('the page forbids framing and sends no referrer', async () => {
    const response = await fetch(server.url);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('/metrics needs METRICS_TOKEN when it is set', async () => {
    const without = await fetch(`${server.url}/metrics`);
    expect(without.status).toBe(401);
    expect((await without.json()).error.code).toBe('unauthorized');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope-nope-nope-nope' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('# HELP');
  });
});

describe('web surface bound to every interface', () => {
  it('accepts any Host without ALLOWED_HOSTS, and only the listed names (and loopback) with it', async () => {
    const open = await startAdvisorServer(
      loadConfig({ DATABASE_URL: 'memory://', PORT: '0', HOST: '0.0.0.0', LOG_LEVEL: 'silent' }),
      { logger: silent },
    );
    try {
      expect((await getWithHost(`${open.url}/healthz`, 'advisor.example.com')).status).toBe(200);
    } finally {
      await open.close();
    }
    const bounded = await startAdvisorServer(
      loadConfig({
        DATABASE_URL: 'memory://',
        PORT: '0',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'silent',
        ALLOWED_HOSTS: 'advisor.example.com',
      }),
      { logger: silent },
    );
    try {
      expect((await getWithHost(`${bounded.url}/healthz`, 'advisor.example.com')).status).toBe(200);
      expect((await getWithHost(`${bounded.url}/healthz`, '127.0.0.1')).status).toBe(200);
      expect((await getWithHost(`${bounded.url}/healthz`, 'other.example.com')).status).toBe(403);
    } finally {
      await bounded.close();
    }
  });
});

describe('shutdown', () => {
  it('turns /readyz 503 for the grace period while still answering, then closes the listener', async () => {
    const server = await startAdvisorServer(loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LOG_LEVEL: 'silent' }), {
      logger: silent,
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const closed = server.close({ readinessGraceMs: 1500 });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.shutdown.ok).toBe(false);
    const asked = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'What is a joint venture?' }),
    });
    expect(asked.status).toBe(200);
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe('PostgreSQL timeouts (pg driver)', () => {
  it('sets statement and idle-in-transaction timeouts on each connection', { timeout: 180_000 }, async () => {
    const pg = await startPgliteServer();
    const store = await openStore(
      { kind: 'postgres', url: pg.url, timeouts: { statementMs: 1234, idleInTransactionMs: 2345, queryMs: 60_000 } },
      { logger: silentLogger },
    );
    try {
      // PGlite serves every socket connection from its one session, so it shows the pool's settings.
      expect((await pg.db.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '1234ms' }]);
      expect((await pg.db.query('SHOW idle_in_transaction_session_timeout')).rows).toEqual([
        { idle_in_transaction_session_timeout: '2345ms' },
      ]);
    } finally {
      await store.close().catch(() => {});
      await pg.close();
    }
  });
});
