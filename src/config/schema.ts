/**
 * The one schema for the environment. Every variable is listed in .env.example and README.
 * Channel settings are required only when that channel is enabled.
 */
import { z } from 'zod';
import { isLoopbackHost } from './loopback.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const bool = (fallback: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );
/** A switch whose absence means "decide from other settings" (undefined), unlike `bool`. */
const optionalBool = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
);
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: 'must be a whole number' })
      .int({ message: 'must be a whole number' })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` })
      .default(fallback),
  );
const idList = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
);
const secretToken = z.preprocess(
  emptyToUndefined,
  z.string().min(16, { message: 'must be at least 16 characters (try: openssl rand -hex 24)' }).optional(),
);
const url = (what: string) => z.preprocess(emptyToUndefined, z.url({ message: `must be a URL (${what})` }).optional());

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m" -> 900000. The schema's regex has checked the shape. */
function durationMs(text: string): number {
  const unit = text.slice(-1).toLowerCase();
  return Number.parseInt(text, 10) * (UNIT_MS[unit] ?? 0);
}

export const envSchema = z.object({
  // Storage and knowledge
  DATABASE_URL: z
    .preprocess(emptyToUndefined, z.string().default('pglite://.data/advisor'))
    .refine((v) => /^(pglite:\/\/.+|memory:\/\/|postgres(ql)?:\/\/.+)$/.test(v), {
      message: 'use pglite://<dir>, memory:// or postgres://user:password@host:5432/db',
    }),
  DB_STATEMENT_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  DB_QUERY_TIMEOUT_MS: int(65_000, 100, 3_600_000),
  KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default('knowledge')),
  KNOWLEDGE_MAX_FILE_BYTES: int(5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  KNOWLEDGE_GIT_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?:(?:https?|ssh|git|file):\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/, {
        message:
          'must be a Git URL: https://host/org/repo.git, ssh://..., git@host:org/repo.git or file:///path/repo.git',
      })
      .optional(),
  ),
  KNOWLEDGE_GIT_REF: optionalString,
  KNOWLEDGE_GIT_SUBDIR: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => !v.startsWith('/') && !v.split(/[\\/]/).includes('..'), {
        message: 'must be a folder inside the repository, such as "chapters" (no leading / and no ..)',
      })
      .optional(),
  ),
  KNOWLEDGE_GIT_CLONE_DIR: z.preprocess(emptyToUndefined, z.string().default('.data/knowledge-git')),
  /** After a start on an existing index: pick up chapters changed while the server was down, in the background. */
  REINDEX_ON_START: bool(true),
  REINDEX_INTERVAL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+\s*(?:s|m|h|d)$/i, { message: 'use a number and a unit: 30s, 15m, 2h or 1d' })
      .transform(durationMs)
      .refine((ms) => ms >= 1000, { message: 'must be at least 1s' })
      .optional(),
  ),

  // Models
  EMBEDDINGS_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['local', 'openai', 'azure']).default('local')),
  CHAT_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['extractive', 'openai', 'azure']).default('extractive')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('an OpenAI-compatible base URL such as http://127.0.0.1:11434/v1'),
  OPENAI_CHAT_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_EMBEDDING_MODEL: z.preprocess(emptyToUndefined, z.string().default('text-embedding-3-small')),
  OPENAI_EMBEDDING_DIMENSIONS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(2000, { message: 'pgvector indexes at most 2000 dimensions' }).optional(),
  ),
  OPENAI_TIMEOUT_MS: int(20_000, 100, 600_000),
  OPENAI_MAX_RETRIES: int(2, 0, 10),
  CHAT_BREAKER_FAILURES: int(5, 1, 1000),
  CHAT_BREAKER_COOLDOWN_MS: int(30_000, 100, 3_600_000),
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_ENDPOINT: url('https://<resource>.openai.azure.com'),
  AZURE_OPENAI_API_VERSION: z.preprocess(emptyToUndefined, z.string().default('2024-10-21')),
  AZURE_OPENAI_CHAT_DEPLOYMENT: optionalString,
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: optionalString,

  // Answering
  RETRIEVAL_K: int(5, 1, 20),
  MAX_QUESTION_CHARS: int(4000, 100, 100_000),
  RETRIEVAL_CACHE_SIZE: int(1000, 0, 1_000_000),
  HISTORY_TURNS: int(6, 0, 50),

  // Server
  PORT: int(3000, 0, 65_535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  ADMIN_TOKEN: secretToken,
  ALLOWED_HOSTS: idList,
  METRICS_TOKEN: secretToken,
  MCP_TOKEN: secretToken,
  // Who uses the web chat and its JSON API: nobody is identified (none), or a trusted proxy names the user.
  WEB_AUTH: z.preprocess(emptyToUndefined, z.enum(['none', 'proxy'], { message: 'use none or proxy' }).default('none')),
  WEB_USER_HEADER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { message: 'must be an HTTP header name, e.g. X-Auth-Request-Email' })
      .default('X-Auth-Request-Email'),
  ),
  WEB_TOKEN: secretToken,
  RETENTION_DAYS: int(90, 1, 36_500),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 120_000),
  SHUTDOWN_READINESS_GRACE_MS: int(5000, 0, 120_000),
  RATE_LIMIT_PER_MINUTE: int(20, 1, 10_000),
  MAX_CONCURRENT_ANSWERS: int(4, 1, 256),
  MAX_QUEUED_ANSWERS: int(1000, 1, 100_000),

  // Slack
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SOCKET_MODE: bool(false),
  SLACK_API_URL: url('the Slack Web API base, e.g. https://slack.com/api/'),
  SLACK_ADMIN_USER_IDS: idList,

  // Microsoft Teams
  TEAMS_ENABLED: optionalBool,
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ),
  TEAMS_ADMIN_AAD_IDS: idList,
  TEAMS_ALLOWED_TENANT_IDS: idList,
  CONVERSATION_RETENTION_DAYS: int(30, 1, 3650),
});

export type Env = z.infer<typeof envSchema>;

/**
 * Requirements between variables (a provider needs its key, a channel its secrets). Runs on whatever
 * parsed, even when other variables are invalid, so every problem is reported at once.
 */
export function crossFieldProblems(env: Partial<Env>): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const need = (cond: boolean | undefined, path: string, message: string) => {
    if (cond) problems.push({ path, message });
  };
  const usesOpenAI = env.EMBEDDINGS_PROVIDER === 'openai' || env.CHAT_PROVIDER === 'openai';
  const usesAzure = env.EMBEDDINGS_PROVIDER === 'azure' || env.CHAT_PROVIDER === 'azure';
  need(
    usesOpenAI && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL,
    'OPENAI_API_KEY',
    'is required when a provider is "openai" (or set OPENAI_BASE_URL for a local server that needs no key)',
  );
  need(usesAzure && !env.AZURE_OPENAI_API_KEY, 'AZURE_OPENAI_API_KEY', 'is required when a provider is "azure"');
  need(usesAzure && !env.AZURE_OPENAI_ENDPOINT, 'AZURE_OPENAI_ENDPOINT', 'is required when a provider is "azure"');
  need(
    env.CHAT_PROVIDER === 'azure' && !env.AZURE_OPENAI_CHAT_DEPLOYMENT,
    'AZURE_OPENAI_CHAT_DEPLOYMENT',
    'is required when CHAT_PROVIDER is "azure" (the name of your chat deployment)',
  );
  need(
    env.EMBEDDINGS_PROVIDER === 'azure' && !env.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
    'AZURE_OPENAI_EMBEDDING_DEPLOYMENT',
    'is required when EMBEDDINGS_PROVIDER is "azure" (the name of your embedding deployment)',
  );
  if (env.SLACK_BOT_TOKEN) {
    need(
      !env.SLACK_SOCKET_MODE && !env.SLACK_SIGNING_SECRET,
      'SLACK_SIGNING_SECRET',
      'is required for Slack in HTTP mode (Basic Information › Signing Secret), or set SLACK_SOCKET_MODE=true',
    );
    need(
      env.SLACK_SOCKET_MODE && !env.SLACK_APP_TOKEN,
      'SLACK_APP_TOKEN',
      'is required when SLACK_SOCKET_MODE=true (an xapp- token with connections:write)',
    );
  }
  need(
    env.TEAMS_ENABLED === true && !env.MICROSOFT_APP_ID && env.HOST !== undefined && !isLoopbackHost(env.HOST),
    'HOST',
    'must be a loopback address (127.0.0.1, ::1 or localhost) while Teams runs in emulator mode (TEAMS_ENABLED=true without MICROSOFT_APP_ID), which accepts unsigned activities. Set MICROSOFT_APP_ID (and its password) for a real bot, or HOST=127.0.0.1',
  );
  if (env.MICROSOFT_APP_ID) {
    need(
      env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD,
      'MICROSOFT_APP_PASSWORD',
      'is required when MICROSOFT_APP_ID is set (the client secret of the Azure Bot registration)',
    );
    need(
      env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID,
      'MICROSOFT_APP_TENANT_ID',
      `is required when MICROSOFT_APP_TYPE is ${env.MICROSOFT_APP_TYPE}`,
    );
  }
  return problems;
}

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES = [
  'OPENAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'ADMIN_TOKEN',
  'METRICS_TOKEN',
  'MCP_TOKEN',
  'WEB_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
] as const;
