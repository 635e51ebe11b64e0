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
    expect(Object.isFrozen(config.env)).toBe(true);
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
