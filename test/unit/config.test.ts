import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactUrl } from '../../src/config/load-config.js';
import { envSchema } from '../../src/config/schema.js';
import type { AppError } from '../../src/core/errors.js';

describe('loadConfig', () => {
  it('needs nothing for the embedded default', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '.data/advisor' });
    expect(config.embeddings.provider).toBe('local');
    expect(config.chat.provider).toBe('extractive');
    expect(config.slack.enabled).toBe(false);
    expect(config.teams.enabled).toBe(false);
    expect(Object.isFrozen(config.server)).toBe(true);
    expect(config.answering).toMatchObject({ k: 5, historyTurns: 6, ratePerMinute: 20 });
  });

  it('reports every problem at once, with how to fix it, and never the values', () => {
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: 'eighty',
        CHAT_PROVIDER: 'openai',
        SLACK_BOT_TOKEN: 'xoxb-secret-token',
        ADMIN_TOKEN: 'short',
      });
      expect.unreachable();
    } catch (e) {
      const err = e as AppError;
      expect(err.code).toBe('config_invalid');
      for (const v of ['DATABASE_URL', 'PORT', 'OPENAI_API_KEY', 'SLACK_SIGNING_SECRET', 'ADMIN_TOKEN']) {
        expect(err.message).toContain(v);
      }
      expect(err.message).not.toContain('xoxb-secret-token');
      expect(err.message).not.toContain('short');
    }
  });

  it('enables channels only when configured, with their own requirements', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', TEAMS_ENABLED: 'true' });
    expect(c.slack.enabled).toBe(true);
    expect(c.teams.enabled && c.teams.appId).toBeUndefined();
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'id' })).toThrow(/MICROSOFT_APP_PASSWORD/);
  });

  it('refuses Teams emulator mode on an address other machines can reach', () => {
    for (const HOST of ['0.0.0.0', '::', '10.1.2.3', 'advisor.example.com']) {
      expect(() => loadConfig({ TEAMS_ENABLED: 'true', HOST })).toThrow(/HOST must be a loopback address/);
    }
    for (const HOST of ['127.0.0.1', '::1', '[::1]', 'localhost', '127.0.0.2']) {
      expect(loadConfig({ TEAMS_ENABLED: 'true', HOST }).teams.enabled).toBe(true);
    }
    const bot = { MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'secret', HOST: '0.0.0.0' };
    expect(loadConfig(bot).teams.enabled).toBe(true);
    expect(loadConfig({ ...bot, TEAMS_ENABLED: 'false' }).teams.enabled).toBe(false);
  });

  it('limits Teams to the app tenant by default, to TEAMS_ALLOWED_TENANT_IDS when set', () => {
    const bot = { MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'secret' };
    const tenants = (env: Record<string, string>) => {
      const c = loadConfig({ ...bot, ...env });
      return c.teams.enabled ? c.teams.allowedTenantIds : 'off';
    };
    expect(tenants({})).toBeUndefined();
    expect(tenants({ MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 't1' })).toEqual(['t1']);
    expect(tenants({ MICROSOFT_APP_TENANT_ID: 't1', TEAMS_ALLOWED_TENANT_IDS: 't1, t2' })).toEqual(['t1', 't2']);
    expect(tenants({ TEAMS_ALLOWED_TENANT_IDS: 't3' })).toEqual(['t3']);
  });

  it('redacts passwords in database URLs', () => {
    expect(redactUrl('postgres://u:hunter2@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  });
});

describe('documentation of the configuration', () => {
  it('lists every variable of the schema in .env.example and in the README table', () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    const missing = Object.keys(envSchema.shape).flatMap((name) => [
      ...(new RegExp(`^#?\\s*${name}=`, 'm').test(example) ? [] : [`.env.example lacks ${name}`]),
      ...(readme.includes(`| \`${name}\``) ? [] : [`README lacks ${name}`]),
    ]);
    expect(missing).toEqual([]);
  });
});
