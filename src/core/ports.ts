/**
 * The ports the core needs from the outside world. Adapters in src/adapters implement them;
 * tests pass deterministic fakes. Nothing here knows Slack, Teams, OpenAI or pg.
 */
import type { ReportData } from './report/types.js';
import type { CorpusStats } from './text/corpus-stats.js';
import type {
  AskResult,
  ChannelName,
  ChunkDraft,
  FeedbackInput,
  IndexCounts,
  IndexProgress,
  IndexRun,
  IndexTrigger,
  ScoredChunk,
  SourceFile,
  StoredChunk,
  Turn,
} from './types.js';

/** Turns texts into vectors. `model` and `dimensions` are recorded with the index. */
export interface Embedder {
  /** A stable name for the model and its settings, e.g. "local-hash-v1" or "text-embedding-3-small". */
  readonly model: string;
  readonly dimensions: number;
  /** Embeds texts in order. Throws AppError('embedder_unavailable') when the backend fails. */
  embed(texts: readonly string[], purpose: 'document' | 'query'): Promise<number[][]>;
  /**
   * Optional: corpus-aware embedders learn query-time term weights from the indexed chunks.
   * Called after every reindex and at start; document vectors must not depend on it.
   */
  observeCorpus?(stats: CorpusStats): void;
}

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A language model behind an OpenAI-compatible chat API. Optional: the default is extractive. */
export interface ChatModel {
  readonly model: string;
  /**
   * Returns the assistant's text. With `json: true` the model is asked for a JSON object.
   * Throws AppError('llm_unavailable') after its own retries.
   */
  complete(
    messages: readonly ChatMessage[],
    options?: { json?: boolean; maxTokens?: number; signal?: AbortSignal },
  ): Promise<string>;
  /**
   * Optional: the assistant's text in pieces, as it is generated. Throws AppError('llm_unavailable')
   * when the call fails before or during the stream (the pieces already yielded stay valid); an
   * aborted `signal` ends it with the signal's reason. A model without it is asked with `complete`.
   */
  stream?(
    messages: readonly ChatMessage[],
    options?: { maxTokens?: number; signal?: AbortSignal },
  ): AsyncIterable<string>;
}

/** Where knowledge files come from (a folder on disk in production). */
export interface KnowledgeSource {
  /** Reads every knowledge file. Unreadable files are reported in `warnings` and left out. */
  load(): Promise<{ files: SourceFile[]; warnings: string[] }>;
  /** Reads one editable data file (e.g. "glossary.json"); null when it does not exist. */
  readData(name: string): Promise<string | null>;
}

/** Brings the knowledge folder up to date from where admins keep it (a Git repository). */
export interface KnowledgeSync {
  /** Where the content comes from, safe to show (credentials redacted). */
  readonly label: string;
  /** Pulls the latest content; returns its revision (a commit). Throws AppError('sync_failed') with what to fix. */
  pull(): Promise<{ revision: string }>;
}

export interface IndexInfo {
  readonly embeddingModel: string;
  readonly dimensions: number;
  readonly documents: number;
  readonly chunks: number;
  readonly updatedAt: Date;
}

/** What one reindex writes, applied atomically by `KnowledgeIndex.applyChanges`. */
export interface IndexChanges {
  readonly embeddingModel: string;
  readonly dimensions: number;
  /** Replace every chunk (embedder changed): existing rows are all removed first. */
  readonly replaceAll: boolean;
  readonly insert: ReadonlyArray<{ readonly chunk: ChunkDraft; readonly embedding: readonly number[] }>;
  /** Hashes of chunks to delete. */
  readonly deleteHashes: readonly string[];
  /** Documents as they are now (source, title, url, content hash); documents not listed are removed. */
  readonly documents: ReadonlyArray<{
    readonly source: string;
    readonly title: string;
    readonly url?: string | undefined;
    readonly hash: string;
  }>;
}

/** What a reindex declares before it writes: `IndexChanges` without the chunks, which follow in batches. */
export type IndexPlan = Omit<IndexChanges, 'insert' | 'deleteHashes'>;

/**
 * The writes of one reindex, made in short batches under a new index generation that readers do
 * not see, then switched to at once by `commit`: until then questions are answered from the
 * previous index, whole; afterwards from the new one, whole.
 */
export interface IndexWriter {
  /** Writes chunks of the new index (one short statement per call). */
  insert(rows: IndexChanges['insert']): Promise<void>;
  /** Marks chunks that the new index no longer has (they stay visible until `commit`). */
  retire(hashes: readonly string[]): Promise<void>;
  /** Makes the new index the one that answers, in one transaction, then removes the retired rows. */
  commit(): Promise<void>;
  /** Drops what was written; the previous index is untouched. */
  abort(): Promise<void>;
}

/** Held while a reindex runs; release() is idempotent. */
export interface IndexLock {
  release(): Promise<void>;
}

/** The two searches retrieval fuses. */
export interface ChunkSearch {
  /** Nearest chunks by cosine similarity (score = 1 - cosine distance), best first. */
  searchByVector(embedding: readonly number[], k: number): Promise<ScoredChunk[]>;
  /**
   * Full-text search: chunks matching any of `terms` (plain words; the store sanitises them),
   * ranked by ts_rank_cd, best first.
   */
  searchByText(terms: readonly string[], k: number): Promise<ScoredChunk[]>;
}

export interface KnowledgeIndex extends ChunkSearch {
  indexInfo(): Promise<IndexInfo | null>;
  /**
   * The active index generation (null before the first build): a different value means a reindex, in
   * this process or another, changed what is indexed. One row read: cheap enough to poll.
   */
  indexGeneration(): Promise<number | null>;
  /** Hashes of every stored chunk. */
  chunkHashes(): Promise<Set<string>>;
  /** Every stored chunk without embeddings (small corpora: used for term statistics and catalog checks). */
  allChunks(): Promise<StoredChunk[]>;
  /** Cross-process lock (PostgreSQL advisory lock); null when another reindex holds it. */
  tryLockIndex(): Promise<IndexLock | null>;
  /** Source and hash of every live chunk (what a reindex diffs against). */
  chunkKeys(): Promise<Array<{ source: string; hash: string }>>;
  /** Starts writing a new index generation (see IndexWriter); call with the index lock held. */
  beginChanges(plan: IndexPlan): Promise<IndexWriter>;
  /** Applies a reindex at once (beginChanges, every write, commit): readers see the old or the new index, never a mix. */
  applyChanges(changes: IndexChanges): Promise<void>;
  /**
   * The two searches over a copy of the live index (`chunks`, as allChunks read them) in this
   * process's memory, ranking as the database does but without a statement per search. Built on
   * `previous` (what it holds is not read again). Null when the index is too large to hold.
   */
  memorySearch(chunks: readonly StoredChunk[], previous: ChunkSearch | null): Promise<ChunkSearch | null>;
}

export interface IndexAudit {
  startRun(input: { actor: string; trigger: IndexTrigger }): Promise<number>;
  finishRun(
    id: number,
    outcome:
      | { status: 'succeeded'; counts: IndexCounts; warnings: readonly string[] }
      | { status: 'failed' | 'cancelled'; error: string; warnings: readonly string[] },
  ): Promise<void>;
  /** Records how far a running run has come (shown by the runs list while it runs). */
  reportProgress(id: number, progress: IndexProgress): Promise<void>;
  /** Newest first. Runs left `running` by a process that is gone are marked failed (interrupted) first. */
  recentRuns(limit: number): Promise<IndexRun[]>;
}

export interface AnswerRecord {
  readonly answerId: string;
  readonly channel: ChannelName;
  /** Who asked, when the channel knows them. */
  readonly user?: string | undefined;
  readonly result: AskResult;
}

/** Counts of what a retention purge deleted. */
export interface PurgedCounts {
  readonly answers: number;
  readonly feedback: number;
  readonly chatEvents: number;
  readonly indexRuns: number;
}

export interface AnswerLog {
  /** Stores an answer so feedback can refer to it. */
  recordAnswer(input: AnswerRecord): Promise<void>;
  /** Throws AppError('not_found') for an unknown answer id. */
  recordFeedback(input: FeedbackInput): Promise<void>;
}

export interface EventLedger {
  /**
   * Claims a chat event (Slack event id, Teams activity id) for processing. True the first time,
   * false for every later delivery, across processes.
   */
  claimEvent(key: string): Promise<boolean>;
  /** Fixed-window counter across processes; returns the count after this hit. */
  hit(key: string, windowSeconds: number): Promise<number>;
}

export interface ConversationLog {
  appendTurn(conversationId: string, turn: Turn): Promise<void>;
  /** The latest `limit` turns, oldest first. */
  recentTurns(conversationId: string, limit: number): Promise<Turn[]>;
  /** Deletes turns older than the retention limit. */
  pruneTurns(olderThan: Date): Promise<number>;
}

export interface ReportSource {
  /** Aggregates of the answers and feedback stored since `since`, for the knowledge-gap report. */
  reportData(since: Date): Promise<ReportData>;
}

export interface Retention {
  /**
   * Deletes answers (with their feedback and message links), feedback, chat events and finished
   * reindex runs older than `olderThan`. A run still in progress is kept.
   */
  purgeOlderThan(olderThan: Date): Promise<PurgedCounts>;
}

/**
 * Which chat message carries which answer, for channels whose feedback names the message (Teams'
 * feedback buttons send the id of the bot's reply). Shared by every process on the database.
 */
export interface MessageLinks {
  /** Links a sent message (e.g. "<conversation id>|<activity id>") to its answer; relinking overwrites. */
  linkMessage(input: { channel: ChannelName; messageRef: string; answerId: string }): Promise<void>;
  /** The answer a message carries, or null when the message is unknown. */
  answerForMessage(channel: ChannelName, messageRef: string): Promise<string | null>;
}

/** PostgreSQL + pgvector: one store implements every persistence port. */
export interface Store
  extends KnowledgeIndex,
    IndexAudit,
    AnswerLog,
    EventLedger,
    ConversationLog,
    MessageLinks,
    Retention,
    ReportSource {
  /** Cheap round trip; throws AppError('db_unavailable') when the database is gone. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What the advisor reports for metrics. The server implements it with prom-client; the CLI ignores it. */
export interface Telemetry {
  answered(channel: ChannelName, result: AskResult): void;
  modelError(kind: 'chat' | 'embeddings', code: string): void;
  reindexed(trigger: IndexTrigger, status: 'succeeded' | 'failed', durationMs: number): void;
}

export const noTelemetry: Telemetry = {
  answered() {},
  modelError() {},
  reindexed() {},
};

/** Minimal structured logger (pino-compatible). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
