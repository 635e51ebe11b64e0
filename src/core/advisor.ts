import { LRUCache } from 'lru-cache';
import { finalizeCitations } from './answer/citations.js';
import { extractiveAnswer } from './answer/extractive.js';
import { carryOverTopic, rewriteFollowUp } from './answer/follow-up.js';
import { llmAnswer } from './answer/llm-answer.js';
import { AnswerCutShortError } from './answer/model-text.js';
import type { Prompts } from './answer/templates.js';
import { isAnswerId } from './answer-id.js';
import { AppError } from './errors.js';
import { NOT_COVERED_MESSAGE } from './not-covered.js';
import {
  type ChatModel,
  type Embedder,
  type KnowledgeSource,
  type Logger,
  noTelemetry,
  type Store,
  type Telemetry,
} from './ports.js';
import { normalizeQuestion, withoutControlCharacters } from './question.js';
import { type ReindexOptions, type ReindexResult, reindex } from './reindex.js';
import { knowledgeReport } from './report/knowledge-report.js';
import type { KnowledgeReport } from './report/types.js';
import { type Retrieval, Retriever, type RetrieverOptions } from './retrieval/retriever.js';
import { type AskEvent, type AskProgress, streamAsk } from './stream/ask-stream.js';
import { CorpusStats } from './text/corpus-stats.js';
import type { Glossary } from './text/glossary.js';
import { queryTerms } from './text/query-terms.js';
import type { AskResult, ChannelName, ChunkDraft, FeedbackInput, IndexRun, SourceDocument, Turn } from './types.js';

/** The longest a reindex's write waits for questions in progress (see `giveWay`). */
const GIVE_WAY_MS = 100;

export const LLM_FALLBACK_NOTICE =
  'The language model is unavailable right now, so this answer quotes the knowledge base directly.';

export const CUT_SHORT_NOTICE = 'The language model stopped before finishing, so this answer may be incomplete.';

export const TEXT_ONLY_NOTICE =
  'The embedding service is unavailable right now, so this answer comes from keyword search only.';

export interface AdvisorDeps {
  readonly store: Store;
  readonly embedder: Embedder;
  readonly source: KnowledgeSource;
  readonly glossary: Glossary;
  readonly prompts: Prompts;
  readonly logger: Logger;
  /** Optional: without it answers are extractive. */
  readonly chatModel?: ChatModel | undefined;
  /** Optional: metrics hooks (answers, abstentions, model errors, reindex runs). */
  readonly telemetry?: Telemetry | undefined;
  /** Optional: checks of editable data run by every reindex; their findings are warnings of the run. */
  readonly indexChecks?: ReadonlyArray<(chunks: readonly ChunkDraft[]) => Promise<readonly string[]>> | undefined;
}

export interface AdvisorOptions {
  readonly k: number;
  readonly maxQuestionChars: number;
  readonly maxHistoryTurns: number;
  readonly retriever?: RetrieverOptions;
  /**
   * Retrievals kept for repeated questions (0 disables). Cleared by every reindex in this process;
   * entries expire after `retrievalCacheTtlMs` so that a reindex by another replica is seen too.
   */
  readonly retrievalCacheSize?: number;
  readonly retrievalCacheTtlMs?: number;
}

export interface AskOptions {
  readonly history?: readonly Turn[];
  readonly k?: number;
  readonly channel?: ChannelName;
  /** Who asked, as the channel knows them: stored with the answer. */
  readonly user?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The advisor: everything a channel needs, and nothing about any channel. */
export class Advisor {
  private stats = CorpusStats.empty();
  private readonly retriever: Retriever;
  private readonly retrievals: LRUCache<string, Retrieval> | null;

  private constructor(
    readonly deps: AdvisorDeps,
    readonly options: AdvisorOptions,
  ) {
    this.retriever = new Retriever(
      {
        index: deps.store,
        embedder: deps.embedder,
        glossary: deps.glossary,
        stats: () => this.stats,
        onEmbedderError: (error) => {
          deps.logger.warn({ err: error }, 'query embedding failed; searching full text only');
          this.telemetry.modelError('embeddings', error.code);
        },
      },
      options.retriever,
    );
    const size = options.retrievalCacheSize ?? 0;
    this.retrievals = size > 0 ? new LRUCache({ max: size, ttl: options.retrievalCacheTtlMs ?? 60_000 }) : null;
  }

  /** Builds an advisor and loads the term statistics of what is indexed. */
  static async create(deps: AdvisorDeps, options: AdvisorOptions): Promise<Advisor> {
    const advisor = new Advisor(deps, options);
    await advisor.refreshStats();
    return advisor;
  }

  get glossary(): Glossary {
    return this.deps.glossary;
  }

  get corpusStats(): CorpusStats {
    return this.stats;
  }

  private async refreshStats(): Promise<void> {
    this.retrievals?.clear();
    const chunks = await this.deps.store.allChunks();
    this.stats = await CorpusStats.fromTextsInSlices(
      chunks.map((c) => `${c.title}\n${c.section}\n${c.text}`),
      this.deps.glossary,
      () => new Promise((resolve) => setImmediate(resolve)),
    );
    this.deps.embedder.observeCorpus?.(this.stats);
    // Retrievals made while the statistics were rebuilt used the old ones.
    this.retrievals?.clear();
  }

  /** True when the index exists and was built with the current embedder. */
  async isIndexCurrent(): Promise<boolean> {
    const info = await this.deps.store.indexInfo();
    return !!info && info.chunks > 0 && info.embeddingModel === this.deps.embedder.model;
  }

  /**
   * True when questions can be answered: the index is current and this process has loaded its term
   * statistics (a first build commits the index a moment before they are loaded).
   */
  async canAnswer(): Promise<boolean> {
    return this.stats.documents > 0 && (await this.isIndexCurrent());
  }

  /** Builds the index when it is empty or was made by another embedder; otherwise does nothing. */
  async ensureIndexed(options: Omit<ReindexOptions, 'trigger'> & { trigger?: ReindexOptions['trigger'] }) {
    if (await this.isIndexCurrent()) return null;
    return this.reindex({ ...options, trigger: options.trigger ?? 'startup' });
  }

  async reindex(options: ReindexOptions): Promise<ReindexResult> {
    const started = performance.now();
    let changed = true;
    try {
      const result = await reindex({ ...this.deps, giveWay: () => this.giveWay(GIVE_WAY_MS) }, options);
      const c = result.counts;
      // A run that changed nothing keeps the statistics (and the no-change reindex fast).
      changed = c.embedded > 0 || c.removed > 0 || c.updated > 0 || this.stats.documents === 0;
      this.telemetry.reindexed(options.trigger, 'succeeded', result.durationMs);
      return result;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'reindex_running')) {
        this.telemetry.reindexed(options.trigger, 'failed', performance.now() - started);
      } else {
        changed = false;
      }
      throw error;
    } finally {
      if (changed) {
        await this.refreshStats().catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'could not refresh term statistics'),
        );
      } else {
        // Unchanged: the statistics stand; cached retrievals are still dropped (another replica may have changed it).
        this.retrievals?.clear();
      }
    }
  }

  private get telemetry(): Telemetry {
    return this.deps.telemetry ?? noTelemetry;
  }

  /** Retrieval only: what the eval and the comparison build on. */
  async retrieve(query: string, k = this.options.k): Promise<Retrieval> {
    if (this.stats.documents === 0) {
      throw new AppError('kb_empty', 'The knowledge base is empty: an administrator must reindex it first.', {
        remedy: 'reindex',
      });
    }
    const key = `${k}\u0000${query}`;
    const cached = this.retrievals?.get(key);
    if (cached) return cached;
    const retrieval = await this.retriever.retrieve(query, k);
    // A degraded (keyword-only) retrieval is not kept: the next question should try embeddings again.
    if (!retrieval.textOnly) this.retrievals?.set(key, retrieval);
    return retrieval;
  }

  async ask(rawQuestion: unknown, options: AskOptions = {}): Promise<AskResult> {
    return (await this.askDetailed(rawQuestion, options)).result;
  }

  /**
   * `ask` as it happens: status events, the answer text as the model writes it (an extractive answer
   * in one piece), then the same result `ask` returns (see `AskEvent`). Leaving the loop early aborts
   * the model call, as does `options.signal`.
   */
  async *askStream(rawQuestion: unknown, options: AskOptions = {}): AsyncGenerator<AskEvent> {
    // Bad input fails the first step, before any event.
    normalizeQuestion(rawQuestion, this.options.maxQuestionChars);
    yield* streamAsk(
      async (progress, signal) => (await this.askDetailed(rawQuestion, { ...options, signal }, progress)).result,
      options.signal,
    );
  }

  /** `ask`, plus the ranked passages the answer was built from (for the eval and diagnostics). */
  async askDetailed(
    rawQuestion: unknown,
    options: AskOptions = {},
    progress?: AskProgress,
  ): Promise<{ result: AskResult; retrieval: Retrieval }> {
    this.answering += 1;
    try {
      return await this.answer(rawQuestion, options, progress);
    } finally {
      this.answering -= 1;
      if (this.answering === 0) for (const resume of this.waitingForIdle.splice(0)) resume();
    }
  }

  /** Questions being answered now: a reindex gives way to them (see `giveWay`). */
  private answering = 0;
  private readonly waitingForIdle: Array<() => void> = [];

  /**
   * Resolves when no question is being answered, or after `maxMs`: a reindex calls it before each
   * write, so that a question's few statements do not queue behind its batches (the embedded
   * database runs one statement at a time), and still makes progress under a steady stream of them.
   */
  private giveWay(maxMs: number): Promise<void> {
    if (this.answering === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.waitingForIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async answer(
    rawQuestion: unknown,
    options: AskOptions,
    progress: AskProgress | undefined,
  ): Promise<{ result: AskResult; retrieval: Retrieval }> {
    const t0 = performance.now();
    const question = normalizeQuestion(rawQuestion, this.options.maxQuestionChars);
    const history = (options.history ?? []).slice(-this.options.maxHistoryTurns);
    const notices: string[] = [];
    const { chatModel, prompts, glossary } = this.deps;

    let searchQuery = carryOverTopic(question, history, glossary, (stem) => this.stats.has(stem));
    if (chatModel && history.length > 0) {
      const rewritten = await rewriteFollowUp({
        question,
        history,
        model: chatModel,
        prompts,
        glossary,
        ...signal(options),
      });
      searchQuery = rewritten.query;
    }
    const retrieval = await this.retrieve(searchQuery, options.k ?? this.options.k);
    const t1 = performance.now();
    if (retrieval.textOnly) notices.push(TEXT_ONLY_NOTICE);
    progress?.retrieved(retrieval.abstained ? [] : retrieval.passages);

    let answer = NOT_COVERED_MESSAGE;
    let citations: AskResult['citations'] = [];
    let abstained = true;
    if (!retrieval.abstained) {
      let draft: string | null = null;
      let llmFailed = false;
      if (chatModel) {
        try {
          draft = await llmAnswer({
            question,
            history,
            passages: retrieval.passages,
            model: chatModel,
            prompts,
            ...signal(options),
            onText: progress && ((piece) => progress.modelText(piece)),
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          this.telemetry.modelError('chat', error.code);
          if (error instanceof AnswerCutShortError && isCited(error.partial, retrieval)) {
            // Streamed text the user has already read stays, marked as unfinished.
            this.deps.logger.warn({ code: error.code, err: error }, 'language model stopped mid-answer');
            draft = error.partial;
            notices.push(CUT_SHORT_NOTICE);
          } else {
            this.deps.logger.warn({ code: error.code, err: error }, 'language model failed; answering extractively');
            notices.push(LLM_FALLBACK_NOTICE);
            llmFailed = true;
            draft = this.extract(retrieval, question);
          }
        }
      } else {
        draft = this.extract(retrieval, question);
      }
      if (draft !== null) {
        const finalized = finalizeCitations(draft, retrieval.passages);
        if (finalized.citations.length > 0) {
          answer = finalized.text;
          citations = finalized.citations;
          abstained = false;
        } else if (chatModel && !llmFailed) {
          // A model answer that cites nothing is not grounded: quote the passages instead.
          const fallback = finalizeCitations(this.extract(retrieval, question), retrieval.passages);
          if (fallback.citations.length > 0) {
            answer = fallback.text;
            citations = fallback.citations;
            abstained = false;
            notices.push('The language model gave no sources, so this answer quotes the knowledge base directly.');
          }
        }
      }
    }
    const t2 = performance.now();
    const result: AskResult = {
      answerId: globalThis.crypto.randomUUID(),
      question,
      answer,
      abstained,
      citations,
      notices,
      searchQuery,
      timings_ms: { retrieve: round(t1 - t0), generate: round(t2 - t1), total: round(t2 - t0) },
    };
    const channel = options.channel ?? 'api';
    await this.deps.store.recordAnswer({ answerId: result.answerId, channel, user: options.user, result });
    this.telemetry.answered(channel, result);
    return { result, retrieval };
  }

  /** Extractive drafts of cached retrievals: a repeated question reuses its draft (it is deterministic). */
  private readonly drafts = new WeakMap<Retrieval, Map<string, string>>();

  private extract(retrieval: Retrieval, question: string): string {
    let byQuestion = this.drafts.get(retrieval);
    if (!byQuestion) {
      byQuestion = new Map();
      this.drafts.set(retrieval, byQuestion);
    }
    const known = byQuestion.get(question);
    if (known !== undefined) return known;
    const draft = this.computeExtract(retrieval, question);
    if (byQuestion.size < 16) byQuestion.set(question, draft);
    return draft;
  }

  private computeExtract(retrieval: Retrieval, question: string): string {
    return extractiveAnswer({
      question: retrieval.terms.terms,
      ...(retrieval.query !== question ? { focus: queryTerms(question, this.deps.glossary).terms } : {}),
      passages: retrieval.passages,
      stats: this.stats,
      glossary: this.deps.glossary,
    });
  }

  async feedback(input: FeedbackInput): Promise<void> {
    if (input.comment !== undefined && input.comment.length > 2000) {
      throw new AppError(
        'bad_input',
        'The feedback comment is longer than 2,000 characters. Shorten it and send again.',
      );
    }
    // Checked here as well as at each channel's edge: a string that is no answer id never reaches the database.
    if (!isAnswerId(input.answerId)) {
      throw new AppError('not_found', 'No such answer: feedback must refer to an answer the advisor gave.');
    }
    const comment = input.comment === undefined ? undefined : withoutControlCharacters(input.comment);
    await this.deps.store.recordFeedback({ ...input, comment });
  }

  /** The indexed documents by file name, each with its title and number of sections. */
  /** The knowledge-gap report over the last `days` days. */
  report(days: number): Promise<KnowledgeReport> {
    return knowledgeReport({ store: this.deps.store, documents: () => this.documents() }, days);
  }

  async documents(): Promise<SourceDocument[]> {
    const bySource = new Map<string, { title: string; url: string | undefined; sections: Set<string> }>();
    for (const chunk of await this.deps.store.allChunks()) {
      const doc = bySource.get(chunk.source) ?? { title: chunk.title, url: chunk.url, sections: new Set() };
      doc.sections.add(chunk.section);
      bySource.set(chunk.source, doc);
    }
    return [...bySource.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, d]) => ({ source, title: d.title, sections: d.sections.size, ...(d.url ? { url: d.url } : {}) }));
  }

  recentRuns(limit = 20): Promise<IndexRun[]> {
    return this.deps.store.recentRuns(limit);
  }
}

function isCited(text: string, retrieval: Retrieval): boolean {
  return finalizeCitations(text, retrieval.passages).citations.length > 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function signal(options: AskOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
