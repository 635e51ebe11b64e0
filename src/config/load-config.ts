import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { crossFieldProblems, type Env, envSchema } from './schema.js';

export type Database =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'postgres'; readonly url: string; readonly timeouts?: DatabaseTimeouts };

/** PostgreSQL (pg driver): server-side limits set on each connection, and the client's own wait. */
export interface DatabaseTimeouts {
  readonly statementMs: number;
  readonly idleInTransactionMs: number;
  readonly queryMs: number;
}

export type ModelBackend =
  | { readonly kind: 'openai'; readonly apiKey: string | undefined; readonly baseURL: string | undefined }
  | { readonly kind: 'azure'; readonly apiKey: string; readonly endpoint: string; readonly apiVersion: string };

export interface KnowledgeGit {
  readonly url: string;
  /** Branch or tag; the remote's default branch when absent. */
  readonly ref: string | undefined;
  readonly cloneDir: string;
}

/** Who may use the web chat and its JSON API, and how the user is known. */
export interface WebAccess {
  /** `proxy`: a trusted proxy (oauth2-proxy, ...) names the user in `userHeader`; requests without it are refused. */
  readonly auth: 'none' | 'proxy';
  readonly userHeader: string;
  /** When set, every web API request needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
}

/** The HTTP server: where it listens, who may reach what, and how it stops. */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  /** Host names answered besides loopback (DNS-rebinding defence). */
  readonly allowedHosts: readonly string[];
  readonly adminToken: string | undefined;
  readonly metricsToken: string | undefined;
  readonly mcpToken: string | undefined;
  readonly shutdownTimeoutMs: number;
  readonly readinessGraceMs: number;
  /** Web API questions answered at once, and how many may wait (first in, first out). */
  readonly maxConcurrentAnswers: number;
  readonly maxQueuedAnswers: number;
}

/** How questions are answered, on every channel. */
export interface AnsweringSettings {
  /** Passages retrieved per question. */
  readonly k: number;
  readonly maxQuestionChars: number;
  /** Retrievals kept in memory for repeated questions (0: off). */
  readonly retrievalCacheSize: number;
  /** Earlier turns of a conversation a follow-up is read with (and Teams keeps). */
  readonly historyTurns: number;
  /** Questions per user per minute, on every channel that names its user. */
  readonly ratePerMinute: number;
}

export type LogLevel = Env['LOG_LEVEL'];

export interface Config {
  readonly logLevel: LogLevel;
  readonly server: ServerSettings;
  readonly answering: AnsweringSettings;
  readonly web: WebAccess;
  /** Answers, feedback, chat events and reindex runs older than this are purged (daily, and at start). */
  readonly retentionDays: number;
  readonly database: Database;
  /** Where the chapters are read from: KNOWLEDGE_DIR, or the clone (and subfolder) of KNOWLEDGE_GIT_URL. */
  readonly knowledgeDir: string;
  /** The admins' content repository, kept in a local clone; absent without KNOWLEDGE_GIT_URL. */
  readonly knowledgeGit: KnowledgeGit | undefined;
  /** Files larger than this are skipped with a warning. */
  readonly knowledgeMaxFileBytes: number;
  /** REINDEX_INTERVAL in milliseconds; absent when scheduled reindexing is off. */
  readonly reindexIntervalMs: number | undefined;
  /** Rescan the chapters in the background at every start (REINDEX_ON_START). */
  readonly reindexOnStart: boolean;
  /** Days conversation turns are kept for follow-ups. */
  readonly conversationRetentionDays: number;
  /** After this many failures in a row the chat model rests for the cool-down (answers are extractive). */
  readonly chatBreaker: { readonly failures: number; readonly cooldownMs: number };
  readonly embeddings:
    | { readonly provider: 'local' }
    | {
        readonly provider: 'openai' | 'azure';
        readonly backend: ModelBackend;
        readonly model: string;
        readonly dimensions: number | undefined;
        readonly timeoutMs: number;
        readonly maxRetries: number;
      };
  readonly chat:
    | { readonly provider: 'extractive' }
    | {
        readonly provider: 'openai' | 'azure';
        readonly backend: ModelBackend;
        readonly model: string;
        readonly timeoutMs: number;
        readonly maxRetries: number;
      };
  readonly slack:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly botToken: string;
        readonly signingSecret: string | undefined;
        readonly appToken: string | undefined;
        readonly socketMode: boolean;
        readonly apiUrl: string | undefined;
        readonly adminUserIds: readonly string[];
      };
  readonly teams:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly appId: string | undefined;
        readonly appPassword: string | undefined;
        readonly tenantId: string | undefined;
        readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
        readonly adminAadIds: readonly string[];
        /** Tenants whose activities are accepted; undefined: any tenant (a multi-tenant app without a list). */
        readonly allowedTenantIds: readonly string[] | undefined;
      };
}

/** Describes a database URL for messages: the password is never shown. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

function parseDatabase(env: Env): Database {
  const url = env.DATABASE_URL;
  if (url === 'memory://') return { kind: 'memory' };
  if (url.startsWith('pglite://')) return { kind: 'pglite', dataDir: url.slice('pglite://'.length) };
  const timeouts = {
    statementMs: env.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    queryMs: env.DB_QUERY_TIMEOUT_MS,
  };
  return { kind: 'postgres', url, timeouts };
}

function backendFor(env: Env, provider: 'openai' | 'azure'): ModelBackend {
  if (provider === 'azure') {
    return {
      kind: 'azure',
      apiKey: env.AZURE_OPENAI_API_KEY ?? '',
      endpoint: env.AZURE_OPENAI_ENDPOINT ?? '',
      apiVersion: env.AZURE_OPENAI_API_VERSION,
    };
  }
  return { kind: 'openai', apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL };
}

/**
 * Parses the environment once. Every problem is reported at once, each with how to fix it;
 * values are never echoed, so secrets cannot leak into the message.
 */
export function loadConfig(source: Record<string, string | undefined> = {}): Config {
  const parsed = envSchema.safeParse(source);
  const partial: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(envSchema.shape)) {
    const one = field.safeParse(source[key]);
    if (one.success) partial[key] = one.data;
  }
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
    ...crossFieldProblems(partial as Partial<Env>),
  ].map((p) => `  - ${p.path || '(environment)'} ${p.message}`);
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(
      problems,
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}\nFix these environment variables (see .env.example) and start again.`,
    );
  }
  const env = parsed.data;
  const config: Config = {
    logLevel: env.LOG_LEVEL,
    server: {
      host: env.HOST,
      port: env.PORT,
      allowedHosts: env.ALLOWED_HOSTS,
      adminToken: env.ADMIN_TOKEN,
      metricsToken: env.METRICS_TOKEN,
      mcpToken: env.MCP_TOKEN,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      readinessGraceMs: env.SHUTDOWN_READINESS_GRACE_MS,
      maxConcurrentAnswers: env.MAX_CONCURRENT_ANSWERS,
      maxQueuedAnswers: env.MAX_QUEUED_ANSWERS,
    },
    answering: {
      k: env.RETRIEVAL_K,
      maxQuestionChars: env.MAX_QUESTION_CHARS,
      retrievalCacheSize: env.RETRIEVAL_CACHE_SIZE,
      historyTurns: env.HISTORY_TURNS,
      ratePerMinute: env.RATE_LIMIT_PER_MINUTE,
    },
    knowledgeMaxFileBytes: env.KNOWLEDGE_MAX_FILE_BYTES,
    reindexOnStart: env.REINDEX_ON_START,
    conversationRetentionDays: env.CONVERSATION_RETENTION_DAYS,
    chatBreaker: { failures: env.CHAT_BREAKER_FAILURES, cooldownMs: env.CHAT_BREAKER_COOLDOWN_MS },
    web: { auth: env.WEB_AUTH, userHeader: env.WEB_USER_HEADER.toLowerCase(), token: env.WEB_TOKEN },
    retentionDays: env.RETENTION_DAYS,
    database: parseDatabase(env),
    knowledgeDir: env.KNOWLEDGE_GIT_URL
      ? path.join(env.KNOWLEDGE_GIT_CLONE_DIR, env.KNOWLEDGE_GIT_SUBDIR ?? '')
      : env.KNOWLEDGE_DIR,
    knowledgeGit: env.KNOWLEDGE_GIT_URL
      ? { url: env.KNOWLEDGE_GIT_URL, ref: env.KNOWLEDGE_GIT_REF, cloneDir: env.KNOWLEDGE_GIT_CLONE_DIR }
      : undefined,
    reindexIntervalMs: env.REINDEX_INTERVAL,
    embeddings:
      env.EMBEDDINGS_PROVIDER === 'local'
        ? { provider: 'local' }
        : {
            provider: env.EMBEDDINGS_PROVIDER,
            backend: backendFor(env, env.EMBEDDINGS_PROVIDER),
            model:
              env.EMBEDDINGS_PROVIDER === 'azure'
                ? (env.AZURE_OPENAI_EMBEDDING_DEPLOYMENT ?? '')
                : env.OPENAI_EMBEDDING_MODEL,
            dimensions: env.OPENAI_EMBEDDING_DIMENSIONS,
            timeoutMs: env.OPENAI_TIMEOUT_MS,
            maxRetries: env.OPENAI_MAX_RETRIES,
          },
    chat:
      env.CHAT_PROVIDER === 'extractive'
        ? { provider: 'extractive' }
        : {
            provider: env.CHAT_PROVIDER,
            backend: backendFor(env, env.CHAT_PROVIDER),
            model: env.CHAT_PROVIDER === 'azure' ? (env.AZURE_OPENAI_CHAT_DEPLOYMENT ?? '') : env.OPENAI_CHAT_MODEL,
            timeoutMs: env.OPENAI_TIMEOUT_MS,
            maxRetries: env.OPENAI_MAX_RETRIES,
          },
    slack: env.SLACK_BOT_TOKEN
      ? {
          enabled: true,
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          socketMode: env.SLACK_SOCKET_MODE,
          apiUrl: env.SLACK_API_URL,
          adminUserIds: env.SLACK_ADMIN_USER_IDS,
        }
      : { enabled: false },
    // TEAMS_ENABLED=false turns Teams off even with an app id; unset, the app id decides.
    teams:
      (env.TEAMS_ENABLED ?? !!env.MICROSOFT_APP_ID)
        ? {
            enabled: true,
            appId: env.MICROSOFT_APP_ID,
            appPassword: env.MICROSOFT_APP_PASSWORD,
            tenantId: env.MICROSOFT_APP_TENANT_ID,
            appType: env.MICROSOFT_APP_TYPE,
            adminAadIds: env.TEAMS_ADMIN_AAD_IDS,
            // A single-tenant app (its tenant id set) serves only its own tenant unless a list says more.
            allowedTenantIds:
              env.TEAMS_ALLOWED_TENANT_IDS.length > 0
                ? env.TEAMS_ALLOWED_TENANT_IDS
                : env.MICROSOFT_APP_TENANT_ID
                  ? [env.MICROSOFT_APP_TENANT_ID]
                  : undefined,
          }
        : { enabled: false },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
