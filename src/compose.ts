/**
 * Wiring shared by the entry points (main.ts, cli.ts, scripts): builds the adapters a Config asks
 * for and hands them to the core. Nothing else constructs adapters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbedderPool } from './adapters/embeddings/embedder-pool.js';
import { LocalEmbedder } from './adapters/embeddings/local-embedder.js';
import { createOpenAIEmbedder } from './adapters/embeddings/openai-embedder.js';
import { FsKnowledgeSource } from './adapters/knowledge/fs-knowledge-source.js';
import { withCircuitBreaker } from './adapters/llm/circuit-breaker.js';
import { createOpenAIChatModel } from './adapters/llm/openai-chat-model.js';
import { loadPromptFiles, loadPrompts } from './adapters/prompts/fs-prompts.js';
import { openStore } from './adapters/store/open-store.js';
import type { Config } from './config/load-config.js';
import { Advisor } from './core/advisor.js';
import { CommandDispatcher } from './core/commands/index.js';
import { KnowledgeBase } from './core/knowledge/knowledge-base.js';
import { CATALOG_FILE, CatalogModels } from './core/models/partnership-models.js';
import { COMPARE_PROMPT_FILES } from './core/models/prompts.js';
import type { PartnershipModels } from './core/models/types.js';
import type { ChatModel, Embedder, KnowledgeSource, Logger, Store, Telemetry } from './core/ports.js';
import { Glossary } from './core/text/glossary.js';

export const PROMPTS_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));

/** The product's version (package.json), announced to MCP clients. */
export const APP_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

export interface Composition {
  readonly advisor: Advisor;
  /** What every channel calls: the command layer over the advisor and the models. */
  readonly commands: CommandDispatcher;
  /** Catalog, compare, recommend. */
  readonly models: PartnershipModels;
  readonly store: Store;
  readonly source: KnowledgeSource;
  readonly embedder: Embedder;
  close(): Promise<void>;
}

export async function loadGlossary(source: KnowledgeSource): Promise<Glossary> {
  const json = await source.readData('glossary.json');
  return json === null ? Glossary.empty() : Glossary.parse(json);
}

async function createEmbedder(config: Config, glossary: Glossary, logger: Logger): Promise<Embedder> {
  if (config.embeddings.provider === 'local') return new EmbedderPool(new LocalEmbedder({ glossary }), { logger });
  const embedder = createOpenAIEmbedder(config.embeddings);
  await embedder.init();
  return embedder;
}

function createChatModel(config: Config): ChatModel | undefined {
  if (config.chat.provider === 'extractive') return undefined;
  return withCircuitBreaker(createOpenAIChatModel(config.chat), {
    failures: config.chatBreaker.failures,
    cooldownMs: config.chatBreaker.cooldownMs,
  });
}

/** How messages name the catalog: relative to the working directory when it is inside it. */
function catalogLabel(knowledgeDir: string): string {
  const relative = path.relative(process.cwd(), knowledgeDir);
  const dir = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : knowledgeDir;
  return path.join(dir, CATALOG_FILE);
}

export async function compose(
  config: Config,
  options: {
    logger: Logger;
    telemetry?: Telemetry;
    overrides?: { store?: Store; embedder?: Embedder; chatModel?: ChatModel };
  },
): Promise<Composition> {
  const { logger } = options;
  const source = new FsKnowledgeSource(config.knowledgeDir, { maxFileBytes: config.knowledgeMaxFileBytes });
  const [glossary, prompts, comparePrompts] = await Promise.all([
    loadGlossary(source),
    loadPrompts(PROMPTS_DIR),
    loadPromptFiles(PROMPTS_DIR, COMPARE_PROMPT_FILES),
  ]);
  const embedder = options.overrides?.embedder ?? (await createEmbedder(config, glossary, logger));
  const closeEmbedder = async () => {
    if (embedder instanceof EmbedderPool) await embedder.close();
  };
  const chatModel = options.overrides?.chatModel ?? createChatModel(config);
  const store = options.overrides?.store ?? (await openStore(config.database, { logger }));
  try {
    // What is indexed, shared by the advisor and the partnership models (catalog, compare, recommend).
    const knowledge = await KnowledgeBase.open(
      { index: store, embedder, glossary, logger, telemetry: options.telemetry },
      { retrievalCacheSize: config.answering.retrievalCacheSize },
    );
    const models = new CatalogModels({
      knowledge,
      source,
      logger,
      chatModel,
      prompts: comparePrompts,
      catalogLabel: catalogLabel(config.knowledgeDir),
      maxSituationChars: config.answering.maxQuestionChars,
    });
    await models.validate();
    const indexChecks = [(chunks: Parameters<CatalogModels['checkIndex']>[0]) => models.checkIndex(chunks)];
    const advisor = await Advisor.create(
      {
        store,
        knowledge,
        embedder,
        source,
        glossary,
        prompts,
        logger,
        chatModel,
        models,
        telemetry: options.telemetry,
        indexChecks,
      },
      {
        k: config.answering.k,
        maxQuestionChars: config.answering.maxQuestionChars,
        maxHistoryTurns: config.answering.historyTurns,
      },
    );
    const commands = new CommandDispatcher({
      advisor,
      models,
      ledger: store,
      logger,
      ratePerMinute: config.answering.ratePerMinute,
    });
    const close = async () => {
      await closeEmbedder();
      await store.close();
    };
    return { advisor, commands, models, store, source, embedder, close };
  } catch (error) {
    await closeEmbedder();
    await store.close().catch(() => {});
    throw error;
  }
}
