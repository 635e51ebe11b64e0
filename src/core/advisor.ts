import { analyzeQuestion, type QuestionAnalysis } from './answer/analyze-question.js';
import { ASPECT_SPECS, ASPECT_WORDS, type Aspect } from './answer/aspects.js';
import { finalizeCitations } from './answer/citations.js';
import { composeAnswer } from './answer/compose.js';
import { type CoverageDecision, decideCoverage, termGap } from './answer/coverage.js';
import {
  type EvidenceUnitCache,
  evidenceUnits,
  type ScoredUnit,
  type SectionUnit,
  scoreUnits,
} from './answer/evidence.js';
import { completeSections, focusOnAspect, mergeRetrievals } from './answer/focus.js';
import { carryOverTopic, rewriteFollowUp } from './answer/follow-up.js';
import { llmAnswer, stripCoverageLine } from './answer/llm-answer.js';
import { comparisonAnswer, recommendationAnswer } from './answer/model-answers.js';
import { AnswerCutShortError } from './answer/model-text.js';
import type { Prompts } from './answer/templates.js';
import { isAnswerId } from './answer-id.js';
import { AppError, UnknownModelError } from './errors.js';
import { BoundedMap, ObjectMap } from './knowledge/caches.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { PartnershipModels } from './models/types.js';
import { notCoveredMessage, unknownModelMessage } from './not-covered.js';
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
import type { Retrieval } from './retrieval/retriever.js';
import { type AskEvent, type AskProgress, streamAsk } from './stream/ask-stream.js';
import type { CorpusStats } from './text/corpus-stats.js';
import type { Glossary } from './text/glossary.js';
import { correctSpelling } from './text/spelling.js';
import { words } from './text/tokenize.js';
import type {
  AnswerCoverage,
  AnswerSuggestion,
  AskResult,
  ChannelName,
  ChunkDraft,
  Citation,
  FeedbackInput,
  IndexRun,
  SourceDocument,
  Turn,
} from './types.js';

/** The longest a reindex's write waits for questions in progress (see `giveWay`). */
const GIVE_WAY_MS = 100;

export const LLM_FALLBACK_NOTICE =
  'The language model is unavailable right now, so this answer quotes the knowledge base directly.';

export const CUT_SHORT_NOTICE = 'The language model stopped before finishing, so this answer may be incomplete.';

export const TEXT_ONLY_NOTICE =
  'The embedding service is unavailable right now, so this answer comes from keyword search only.';

export interface AdvisorDeps {
  readonly store: Store;
  /** What is indexed (chunks, statistics, retrieval, caches), shared with the partnership models. */
  readonly knowledge: KnowledgeBase;
  readonly embedder: Embedder;
  readonly source: KnowledgeSource;
  readonly glossary: Glossary;
  readonly prompts: Prompts;
  readonly logger: Logger;
  /** Optional: without it answers are extractive. */
  readonly chatModel?: ChatModel | undefined;
  /**
   * Optional: the comparison and recommendation engines. With them, a question that compares models
   * ("difference between a JV and an alliance") or asks for a decision in a situation is answered by them.
   */
  readonly models?: Pick<PartnershipModels, 'compare' | 'recommend'> | undefined;
  /** Optional: metrics hooks (answers, abstentions, model errors, reindex runs). */
  readonly telemetry?: Telemetry | undefined;
  /** Optional: checks of editable data run by every reindex; their findings are warnings of the run. */
  readonly indexChecks?: ReadonlyArray<(chunks: readonly ChunkDraft[]) => Promise<readonly string[]>> | undefined;
}

export interface AdvisorOptions {
  readonly k: number;
  readonly maxQuestionChars: number;
  readonly maxHistoryTurns: number;
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
  /** Evidence, coverage and the extractive text of a retrieval (kept for repeated questions: it is deterministic). */
  private readonly plans: ObjectMap<Retrieval, Map<string, Plan>>;
  /** The evidence units of a section's passages. */
  private readonly evidenceCache: EvidenceUnitCache;

  private constructor(
    readonly deps: AdvisorDeps,
    readonly options: AdvisorOptions,
  ) {
    this.plans = deps.knowledge.cache(new ObjectMap<Retrieval, Map<string, Plan>>());
    this.evidenceCache = deps.knowledge.cache(new BoundedMap<string, readonly SectionUnit[]>(5000));
  }

  /** Builds an advisor over an open knowledge base. */
  static async create(deps: AdvisorDeps, options: AdvisorOptions): Promise<Advisor> {
    return new Advisor(deps, options);
  }

  get glossary(): Glossary {
    return this.deps.glossary;
  }

  get knowledge(): KnowledgeBase {
    return this.deps.knowledge;
  }

  get corpusStats(): CorpusStats {
    return this.stats;
  }

  private get stats(): CorpusStats {
    return this.deps.knowledge.stats;
  }

  /** Words of the glossary and of the aspects: what a typo is corrected towards. */
  private vocabularyCache: ReadonlySet<string> | null = null;

  private get vocabulary(): ReadonlySet<string> {
    this.vocabularyCache ??= new Set([
      ...ASPECT_WORDS,
      ...this.deps.glossary.concepts.flatMap((c) => [c.term, ...c.aliases].flatMap((p) => words(p))),
    ]);
    return this.vocabularyCache;
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
    await this.deps.knowledge.current();
    return this.stats.documents > 0 && (await this.isIndexCurrent());
  }

  /** Builds the index when it is empty or was made by another embedder; otherwise does nothing. */
  async ensureIndexed(options: Omit<ReindexOptions, 'trigger'> & { trigger?: ReindexOptions['trigger'] }) {
    if (await this.isIndexCurrent()) return null;
    return this.reindex({ ...options, trigger: options.trigger ?? 'startup' });
  }

  async reindex(options: ReindexOptions): Promise<ReindexResult> {
    const started = performance.now();
    try {
      const result = await reindex({ ...this.deps, giveWay: () => this.giveWay(GIVE_WAY_MS) }, options);
      this.telemetry.reindexed(options.trigger, 'succeeded', result.durationMs);
      return result;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'reindex_running')) {
        this.telemetry.reindexed(options.trigger, 'failed', performance.now() - started);
      }
      throw error;
    } finally {
      // One change of the knowledge base: it rereads what is indexed only when the index moved
      // (a run that changed nothing stays fast), and every cache is emptied either way.
      await this.deps.knowledge
        .reindexed()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not refresh term statistics'));
    }
  }

  private get telemetry(): Telemetry {
    return this.deps.telemetry ?? noTelemetry;
  }

  /** Retrieval only: what the eval and the comparison build on. */
  retrieve(query: string, k = this.options.k): Promise<Retrieval> {
    return this.deps.knowledge.retrieve(query, k);
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
  ): Promise<{ result: AskResult; retrieval: Retrieval; analysis: QuestionAnalysis }> {
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
  ): Promise<{ result: AskResult; retrieval: Retrieval; analysis: QuestionAnalysis }> {
    const t0 = performance.now();
    const question = normalizeQuestion(rawQuestion, this.options.maxQuestionChars);
    const history = (options.history ?? []).slice(-this.options.maxHistoryTurns);
    const notices: string[] = [];
    const { chatModel, prompts, glossary } = this.deps;
    // Typos of the advisor's vocabulary ("benifits of cocreation") are read as meant.
    const asked = correctSpelling(question, this.vocabulary, (stem) => this.stats.has(stem));
    const analysis = analyzeQuestion(asked, glossary, history);

    let searchQuery = carryOverTopic(asked, history, glossary, (stem) => this.stats.has(stem));
    // "what should we watch out for?" after a question on co-creation: a new aspect of the same topic.
    if (searchQuery === asked && analysis.topicFromHistory && analysis.explicitAspects.length > 0) {
      searchQuery = `${asked} (${analysis.topics.map((t) => t.term).join(', ')})`;
    }
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
    const retrieval = await this.withAspectEvidence(
      await this.retrieve(searchQuery, options.k ?? this.options.k),
      analysis,
      asked,
    );
    const t1 = performance.now();
    if (retrieval.textOnly) notices.push(TEXT_ONLY_NOTICE);

    let draft = notCoveredDraft(undefined);
    const routed = retrieval.abstained ? null : await this.answerWithModels(asked, analysis, options);
    if (routed) {
      progress?.retrieved([]);
      draft = routed;
    } else {
      progress?.retrieved(retrieval.abstained ? [] : retrieval.passages);
      if (retrieval.abstained) {
        const gap =
          analysis.topics.length && analysis.keyTerms.length
            ? termGap(asked, analysis.keyTerms, (stem) => this.stats.has(stem))
            : undefined;
        draft = notCoveredDraft(gap);
      } else {
        draft = await this.answerFromPassages(asked, history, retrieval, analysis, options, progress, notices);
      }
    }
    const t2 = performance.now();
    const result: AskResult = {
      answerId: globalThis.crypto.randomUUID(),
      question,
      answer: draft.answer,
      abstained: draft.coverage === 'not_covered',
      coverage: draft.coverage,
      ...(draft.gap ? { gap: draft.gap } : {}),
      ...(draft.suggestion ? { suggestion: draft.suggestion } : {}),
      citations: draft.citations,
      notices,
      searchQuery,
      timings_ms: { retrieve: round(t1 - t0), generate: round(t2 - t1), total: round(t2 - t0) },
    };
    const channel = options.channel ?? 'api';
    await this.deps.store.recordAnswer({ answerId: result.answerId, channel, user: options.user, result });
    this.telemetry.answered(channel, result);
    return { result, retrieval, analysis };
  }

  /**
   * The passages an answer draws on: the retrieval, plus (when it holds no evidence of an asked aspect
   * for the topic) the best passages of a search for the topic and that aspect ("co-creation challenges
   * risks considerations"). The retrieval itself, as the eval scores it, is unchanged.
   */
  private async withAspectEvidence(
    retrieval: Retrieval,
    analysis: QuestionAnalysis,
    question: string,
  ): Promise<Retrieval> {
    const { glossary } = this.deps;
    const whole = (r: Retrieval) =>
      completeSections(focusOnAspect(r, analysis, glossary), this.deps.knowledge.sections);
    const focused = whole(retrieval);
    if (retrieval.abstained || analysis.intent !== 'ask' || analysis.topics.length === 0) return focused;
    const first = this.plan(focused, analysis, question);
    const wanted = [...first.decision.missingAspects, ...first.decision.weakAspects];
    if (wanted.length === 0) return focused;
    const query = [...analysis.topics.map((t) => t.term), ...wanted.map((a) => ASPECT_SPECS[a].query)].join(' ');
    const withTopic = mergeRetrievals(retrieval, await this.deps.knowledge.retrieve(query, 3));
    const second = this.plan(whole(withTopic), analysis, question);
    if (second.decision.missingAspects.length === 0) return whole(withTopic);
    // Still nothing on the topic: the closest guidance is the aspect in general ("partnership challenges").
    const general = `partnerships ${second.decision.missingAspects.map((a) => ASPECT_SPECS[a].query).join(' ')}`;
    return whole(mergeRetrievals(withTopic, await this.deps.knowledge.retrieve(general, 2)));
  }

  /** Free-text comparisons and decisions in a situation go to the comparison and recommendation engines. */
  private async answerWithModels(
    question: string,
    analysis: QuestionAnalysis,
    options: AskOptions,
  ): Promise<Draft | null> {
    const models = this.deps.models;
    if (!models || analysis.intent === 'ask') return null;
    const channel = options.channel ?? 'api';
    try {
      if (analysis.intent === 'compare') {
        const comparison = await models.compare(analysis.comparedTerms, { channel });
        const built = comparisonAnswer(comparison);
        if (built.citations.length === 0) return null;
        const names = comparison.models.map((m) => m.name);
        return {
          answer: built.text,
          citations: built.citations,
          coverage: 'answered',
          suggestion: { command: 'compare', args: names.join(' vs '), reason: 'full', models: names },
        };
      }
      // The options the question weighs, or failing that the models it names, are ranked first.
      const named = (analysis.options.length ? analysis.options : analysis.topics).map((t) => t.term);
      const recommendation = await models.recommend(analysis.situation ?? question, {
        channel,
        ...(named.length ? { among: named } : {}),
      });
      const built = recommendationAnswer(recommendation);
      if (built.citations.length === 0) return null;
      return { answer: built.text, citations: built.citations, coverage: 'answered' };
    } catch (error) {
      if (error instanceof UnknownModelError) {
        const known = analysis.comparedTerms.find((n) => n.toLowerCase() !== error.unknownName.toLowerCase());
        const first = error.suggestions[0];
        return {
          answer: unknownModelMessage(error.unknownName, error.suggestions),
          citations: [],
          coverage: 'not_covered',
          gap: `"${error.unknownName}"`,
          ...(first && known
            ? { suggestion: { command: 'compare', args: `${known} vs ${first}`, reason: 'did-you-mean' } }
            : {}),
        };
      }
      // A comparison the engines cannot make (the same model twice, a catalog problem): answer from passages.
      if (error instanceof AppError && (error.code === 'bad_input' || error.code === 'kb_file_invalid')) return null;
      throw error;
    }
  }

  private async answerFromPassages(
    question: string,
    history: readonly Turn[],
    retrieval: Retrieval,
    analysis: QuestionAnalysis,
    options: AskOptions,
    progress: AskProgress | undefined,
    notices: string[],
  ): Promise<Draft> {
    const { chatModel, prompts } = this.deps;
    const plan = this.plan(retrieval, analysis, question);
    const extractive = (): Draft => {
      const finalized = finalizeCitations(plan.text, retrieval.passages);
      return finalized.citations.length
        ? {
            answer: finalized.text,
            citations: finalized.citations,
            coverage: plan.decision.coverage,
            gap: plan.decision.gap,
          }
        : notCoveredDraft(plan.decision.gap);
    };
    if (plan.decision.coverage === 'not_covered') return notCoveredDraft(plan.decision.gap);
    if (!chatModel) return extractive();
    try {
      const reply = await llmAnswer({
        question,
        history,
        passages: retrieval.passages,
        model: chatModel,
        prompts,
        guide: { analysis, decision: plan.decision },
        ...signal(options),
        onText: progress && ((piece) => progress.modelText(piece)),
      });
      if (reply === null) return notCoveredDraft(plan.decision.gap);
      const finalized = finalizeCitations(reply.text, retrieval.passages);
      if (finalized.citations.length === 0) {
        // A model answer that cites nothing is not grounded: quote the passages instead.
        notices.push('The language model gave no sources, so this answer quotes the knowledge base directly.');
        return extractive();
      }
      const coverage = reply.coverage ?? plan.decision.coverage;
      return {
        answer: finalized.text,
        citations: finalized.citations,
        coverage,
        gap: coverage === 'answered' ? undefined : plan.decision.gap,
      };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.telemetry.modelError('chat', error.code);
      if (error instanceof AnswerCutShortError) {
        // What the user has already read stays as read (its last sentence is unfinished, so uncited).
        const partial = finalizeCitations(stripCoverageLine(error.partial), retrieval.passages);
        if (partial.citations.length > 0) {
          // Streamed text the user has already read stays, marked as unfinished.
          this.deps.logger.warn({ code: error.code, err: error }, 'language model stopped mid-answer');
          notices.push(CUT_SHORT_NOTICE);
          return {
            answer: partial.text,
            citations: partial.citations,
            coverage: plan.decision.coverage,
            gap: plan.decision.gap,
          };
        }
      }
      this.deps.logger.warn({ code: error.code, err: error }, 'language model failed; answering extractively');
      notices.push(LLM_FALLBACK_NOTICE);
      return extractive();
    }
  }

  private plan(retrieval: Retrieval, analysis: QuestionAnalysis, question: string): Plan {
    let byQuestion = this.plans.get(retrieval);
    if (!byQuestion) {
      byQuestion = new Map();
      this.plans.set(retrieval, byQuestion);
    }
    const key = `${question}\u0000${analysis.topics.map((t) => t.id).join(',')}`;
    const known = byQuestion.get(key);
    if (known !== undefined) return known;
    const units = evidenceUnits(retrieval.passages, this.deps.glossary, this.evidenceCache);
    const scored = new Map<Aspect, ScoredUnit[]>();
    for (const aspect of new Set<Aspect>([...analysis.aspects, 'definition'])) {
      scored.set(aspect, scoreUnits(units, analysis, aspect));
    }
    const decision = decideCoverage({
      analysis,
      units,
      scored,
      question,
      known: (stem) => this.stats.knows(stem),
    });
    const text = decision.coverage === 'not_covered' ? '' : composeAnswer({ analysis, scored, decision });
    const plan = { decision, text };
    if (byQuestion.size < 16) byQuestion.set(key, plan);
    return plan;
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

  /** The knowledge-gap report over the last `days` days. */
  report(days: number): Promise<KnowledgeReport> {
    return knowledgeReport({ store: this.deps.store, documents: () => this.documents() }, days);
  }

  /** The indexed documents by file name, each with its title and number of sections. */
  async documents(): Promise<SourceDocument[]> {
    const bySource = new Map<string, { title: string; url: string | undefined; sections: Set<string> }>();
    // The chunks the knowledge base holds (current with other replicas' reindexes), not a second read.
    await this.deps.knowledge.current();
    for (const chunk of this.deps.knowledge.chunks) {
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

interface Draft {
  readonly answer: string;
  readonly citations: readonly Citation[];
  readonly coverage: AnswerCoverage;
  readonly gap?: string | undefined;
  readonly suggestion?: AnswerSuggestion | undefined;
}

/** The answer to a question the chapters do not cover, naming what is missing when it is known. */
function notCoveredDraft(gap: string | undefined): Draft {
  return { answer: notCoveredMessage(gap), citations: [], coverage: 'not_covered', gap };
}

interface Plan {
  readonly decision: CoverageDecision;
  readonly text: string;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function signal(options: AskOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
