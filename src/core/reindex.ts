import { AppError, toAppError } from './errors.js';
import { chunkFiles } from './ingest/index.js';
import type { Embedder, IndexWriter, KnowledgeSource, Logger, Store } from './ports.js';
import type { ChunkDraft, IndexCounts, IndexProgress, IndexTrigger } from './types.js';

/** Texts per embedding call: the OpenAI-compatible limit is far above; 96 keeps each call short. */
export const EMBED_BATCH = 96;
/** Embedding calls in flight at once (worker threads for the built-in embedder, HTTP requests otherwise). */
export const EMBED_CONCURRENCY = 4;
/** How often a running run's progress is written to its audit row. */
const PROGRESS_EVERY_MS = 1000;

export interface ReindexProgress {
  readonly phase: 'reading' | 'embedding' | 'writing' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface ReindexResult {
  /** The audit row; 0 for an unchanged run with `auditUnchanged: false`. */
  readonly runId: number;
  readonly counts: IndexCounts;
  readonly durationMs: number;
  readonly warnings: readonly string[];
  readonly embeddingModel: string;
}

export interface ReindexOptions {
  readonly actor: string;
  readonly trigger: IndexTrigger;
  readonly onProgress?: (p: ReindexProgress) => void;
  /** Texts per embedding call (default EMBED_BATCH). */
  readonly batchSize?: number;
  /** Embedding calls in flight (default EMBED_CONCURRENCY). */
  readonly concurrency?: number;
  /**
   * Aborting (e.g. on shutdown) stops the run between two batches; it is recorded as cancelled and
   * the previous index stays intact.
   */
  readonly signal?: AbortSignal;
  /**
   * false: a run that finds nothing changed leaves no audit row (the background reindex of every
   * start). Runs that change the index or fail are always audited.
   */
  readonly auditUnchanged?: boolean;
}

/** The text a chunk is embedded as: its section path gives short chunks their topic. */
export function embeddingInput(chunk: Pick<ChunkDraft, 'section' | 'text'>): string {
  return chunk.section ? `${chunk.section}\n${chunk.text}` : chunk.text;
}

const CANCELLED_MESSAGE =
  'The reindex was cancelled (the server is shutting down); the previous index keeps answering. Run it again.';

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('reindex_failed', CANCELLED_MESSAGE);
}

/** Lets the event loop serve what waits (a request, a timer) between two slices of work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Embeds `insert` in batches, `concurrency` calls in flight, and writes each batch as its
 * embeddings arrive, in order. Memory stays bounded by the batches in flight.
 */
async function embedAndWrite(
  insert: readonly ChunkDraft[],
  embedder: Embedder,
  writer: IndexWriter,
  options: {
    batchSize: number;
    concurrency: number;
    signal?: AbortSignal | undefined;
    giveWay?: (() => Promise<void>) | undefined;
    onBatch: (n: number) => Promise<void>;
  },
): Promise<void> {
  const batches: ChunkDraft[][] = [];
  for (let i = 0; i < insert.length; i += options.batchSize) batches.push(insert.slice(i, i + options.batchSize));
  const inFlight: Array<Promise<number[][]>> = [];
  let next = 0;
  const launch = () => {
    const batch = batches[next++];
    if (!batch) return;
    const call = embedder.embed(batch.map(embeddingInput), 'document');
    call.catch(() => {}); // awaited in order below; this only keeps a later failure from going unhandled
    inFlight.push(call);
  };
  for (let k = 0; k < options.concurrency; k++) launch();
  for (const batch of batches) {
    const vectors = (await inFlight.shift()) ?? [];
    throwIfInterrupted(options.signal);
    launch();
    await options.giveWay?.();
    await writer.insert(batch.map((chunk, j) => ({ chunk, embedding: vectors[j] ?? [] })));
    await options.onBatch(batch.length);
  }
}

/** Per-document diff: a document that lost one chunk and gained one counts one update. */
function countChanges(
  existing: ReadonlyArray<{ source: string; hash: string }>,
  current: readonly ChunkDraft[],
  replaceAll: boolean,
): Omit<IndexCounts, 'embedded' | 'documents' | 'chunks'> & { insert: ChunkDraft[]; deleteHashes: string[] } {
  const currentHashes = new Set(current.map((c) => c.hash));
  const existingHashes = new Set(existing.map((c) => c.hash));
  const insert = replaceAll ? [...current] : current.filter((c) => !existingHashes.has(c.hash));
  const deleted = replaceAll ? [] : existing.filter((c) => !currentHashes.has(c.hash));
  const perSource = new Map<string, { added: number; removed: number }>();
  const bump = (source: string, key: 'added' | 'removed') => {
    const entry = perSource.get(source) ?? { added: 0, removed: 0 };
    entry[key] += 1;
    perSource.set(source, entry);
  };
  for (const c of insert) bump(c.source, 'added');
  for (const c of replaceAll ? existing : deleted) bump(c.source, 'removed');
  let added = 0;
  let removed = 0;
  let updated = 0;
  for (const { added: a, removed: r } of perSource.values()) {
    const u = Math.min(a, r);
    updated += u;
    added += a - u;
    removed += r - u;
  }
  return {
    added,
    removed,
    updated,
    unchanged: current.length - insert.length,
    insert,
    deleteHashes: deleted.map((c) => c.hash),
  };
}

/**
 * Incremental, atomic reindex, built to run while the server serves. Reading and chunking yield to
 * the event loop between files; chunks are embedded in batches (several in flight) and written in
 * short statements under a new index generation that questions do not see; one transaction then
 * switches to it, so a question asked meanwhile sees the old index or the new one, never a mix.
 * One reindex at a time across processes (advisory lock and lease); every run leaves an audit row,
 * with its progress while it runs.
 */
export async function reindex(
  deps: {
    store: Store;
    embedder: Embedder;
    source: KnowledgeSource;
    logger: Logger;
    /** Checks of editable data against the new chunks (e.g. the model catalog); they only add warnings. */
    indexChecks?: ReadonlyArray<(chunks: readonly ChunkDraft[]) => Promise<readonly string[]>> | undefined;
    /** Awaited before each write: lets questions in progress go first (bounded by the caller). */
    giveWay?: (() => Promise<void>) | undefined;
  },
  options: ReindexOptions,
): Promise<ReindexResult> {
  const { store, embedder, source, logger } = deps;
  const lock = await store.tryLockIndex();
  if (!lock) {
    throw new AppError('reindex_running', 'A reindex is already running. Wait for it to finish, then try again.');
  }
  const started = performance.now();
  let runId: number | undefined;
  let warnings: string[] = [];
  let reported = 0;
  const report = async (progress: IndexProgress, force = false) => {
    if (runId === undefined || (!force && performance.now() - reported < PROGRESS_EVERY_MS)) return;
    reported = performance.now();
    await store
      .reportProgress(runId, progress)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not record reindex progress'));
  };
  const openRun = async () => {
    runId ??= await store.startRun({ actor: options.actor, trigger: options.trigger });
    return runId;
  };
  try {
    if (options.auditUnchanged !== false) await openRun();
    options.onProgress?.({ phase: 'reading', done: 0, total: 0 });
    const loaded = await source.load();
    warnings = loaded.warnings;
    for (const w of warnings) logger.warn({ warning: w }, 'knowledge file skipped');
    if (loaded.files.length === 0) {
      throw new AppError(
        'kb_empty',
        'No readable knowledge files (.md, .txt, .pdf, .docx or .html) were found. Add chapters to the knowledge folder and reindex; the previous index keeps answering.',
      );
    }
    const { documents, chunks } = await chunkFiles(loaded.files, {}, yieldToEventLoop);
    for (const check of deps.indexChecks ?? []) warnings = [...warnings, ...(await check(chunks))];
    throwIfInterrupted(options.signal);
    const info = await store.indexInfo();
    const replaceAll = !info || info.embeddingModel !== embedder.model || info.dimensions !== embedder.dimensions;
    const existing = info ? await store.chunkKeys() : [];
    const diff = countChanges(existing, chunks, replaceAll);

    const documentRows = documents.map((d) => ({ source: d.source, title: d.title, url: d.url, hash: d.hash }));
    const documentsChanged =
      !info || info.documents !== documentRows.length || diff.insert.length > 0 || diff.deleteHashes.length > 0;
    if (replaceAll || documentsChanged) {
      throwIfInterrupted(options.signal);
      await openRun();
      const total = diff.insert.length;
      let done = 0;
      options.onProgress?.({ phase: 'embedding', done, total });
      await report({ phase: 'embedding', done, total }, true);
      const writer = await store.beginChanges({
        embeddingModel: embedder.model,
        dimensions: embedder.dimensions,
        replaceAll,
        documents: documentRows,
      });
      try {
        await writer.retire(diff.deleteHashes);
        await embedAndWrite(diff.insert, embedder, writer, {
          batchSize: options.batchSize ?? EMBED_BATCH,
          concurrency: options.concurrency ?? EMBED_CONCURRENCY,
          signal: options.signal,
          giveWay: deps.giveWay,
          onBatch: async (n) => {
            done += n;
            options.onProgress?.({ phase: 'embedding', done, total });
            await report({ phase: 'embedding', done, total });
          },
        });
        throwIfInterrupted(options.signal);
        options.onProgress?.({ phase: 'writing', done: 0, total: 1 });
        await report({ phase: 'switching', done, total }, true);
        await writer.commit();
      } catch (error) {
        await writer
          .abort()
          .catch((abortError: unknown) =>
            logger.warn({ err: abortError }, 'could not remove the unfinished index rows (the next reindex will)'),
          );
        throw error;
      }
    }
    const counts: IndexCounts = {
      added: diff.added,
      updated: diff.updated,
      removed: diff.removed,
      unchanged: diff.unchanged,
      embedded: diff.insert.length,
      documents: documents.length,
      chunks: chunks.length,
    };
    if (runId !== undefined) await store.finishRun(runId, { status: 'succeeded', counts, warnings });
    options.onProgress?.({ phase: 'done', done: 1, total: 1 });
    const durationMs = Math.round(performance.now() - started);
    logger.info({ runId, ...counts, durationMs }, 'reindex finished');
    return { runId: runId ?? 0, counts, durationMs, warnings, embeddingModel: embedder.model };
  } catch (error) {
    const appError = toAppError(error);
    const cancelled = options.signal?.aborted === true;
    const failedRun = await openRun().catch(() => undefined);
    if (failedRun !== undefined) {
      await store
        .finishRun(failedRun, {
          status: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? CANCELLED_MESSAGE : appError.message,
          warnings,
        })
        .catch((auditError: unknown) => logger.error({ err: auditError }, 'could not record the failed reindex'));
    }
    if (cancelled) {
      logger.warn({ runId }, 'reindex cancelled; the previous index keeps answering');
      throw new AppError('reindex_failed', CANCELLED_MESSAGE, { cause: error });
    }
    logger.error({ err: appError, code: appError.code }, 'reindex failed');
    if (appError.code === 'internal') {
      // The unexpected error's own text is logged above and kept in the run's audit row, not shown to users.
      throw new AppError(
        'reindex_failed',
        'The reindex failed on an unexpected error (the server log has it). The previous index keeps answering.',
        { cause: error },
      );
    }
    throw appError;
  } finally {
    await lock.release();
  }
}
