import { AppError, toAppError } from './errors.js';
import { chunkFiles } from './ingest/index.js';
import type { Embedder, IndexChanges, KnowledgeSource, Logger, Store } from './ports.js';
import type { ChunkDraft, IndexCounts, IndexTrigger } from './types.js';

export interface ReindexProgress {
  readonly phase: 'reading' | 'embedding' | 'writing' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface ReindexResult {
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
  readonly batchSize?: number;
  /** Aborting (e.g. on shutdown) stops before the write: the previous index stays intact. */
  readonly signal?: AbortSignal;
}

/** The text a chunk is embedded as: its section path gives short chunks their topic. */
export function embeddingInput(chunk: Pick<ChunkDraft, 'section' | 'text'>): string {
  return chunk.section ? `${chunk.section}\n${chunk.text}` : chunk.text;
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AppError(
      'reindex_failed',
      'The reindex was interrupted (the server is shutting down); the previous index keeps answering. Run it again.',
    );
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
 * Incremental, atomic reindex. Reading, chunking and embedding happen before the write; the write is
 * one transaction, so a question asked meanwhile sees the old index or the new one, never a mix.
 * One reindex at a time across processes (advisory lock); every run leaves an audit row.
 */
export async function reindex(
  deps: {
    store: Store;
    embedder: Embedder;
    source: KnowledgeSource;
    logger: Logger;
    /** Checks of editable data against the new chunks (e.g. the model catalog); they only add warnings. */
    indexChecks?: ReadonlyArray<(chunks: readonly ChunkDraft[]) => Promise<readonly string[]>> | undefined;
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
  try {
    runId = await store.startRun({ actor: options.actor, trigger: options.trigger });
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
    const { documents, chunks } = await chunkFiles(loaded.files);
    for (const check of deps.indexChecks ?? []) warnings = [...warnings, ...(await check(chunks))];
    const info = await store.indexInfo();
    const replaceAll = !info || info.embeddingModel !== embedder.model || info.dimensions !== embedder.dimensions;
    const existing = info ? (await store.allChunks()).map((c) => ({ source: c.source, hash: c.hash })) : [];
    const diff = countChanges(existing, chunks, replaceAll);

    const batchSize = options.batchSize ?? 64;
    const embeddings: number[][] = [];
    for (let i = 0; i < diff.insert.length; i += batchSize) {
      throwIfInterrupted(options.signal);
      options.onProgress?.({ phase: 'embedding', done: i, total: diff.insert.length });
      const batch = diff.insert.slice(i, i + batchSize);
      embeddings.push(...(await embedder.embed(batch.map(embeddingInput), 'document')));
    }
    options.onProgress?.({ phase: 'embedding', done: diff.insert.length, total: diff.insert.length });

    const documentRows = documents.map((d) => ({ source: d.source, title: d.title, url: d.url, hash: d.hash }));
    const documentsChanged =
      !info || info.documents !== documentRows.length || diff.insert.length > 0 || diff.deleteHashes.length > 0;
    if (replaceAll || documentsChanged) {
      throwIfInterrupted(options.signal);
      options.onProgress?.({ phase: 'writing', done: 0, total: 1 });
      const changes: IndexChanges = {
        embeddingModel: embedder.model,
        dimensions: embedder.dimensions,
        replaceAll,
        insert: diff.insert.map((chunk, i) => ({ chunk, embedding: embeddings[i] ?? [] })),
        deleteHashes: diff.deleteHashes,
        documents: documentRows,
      };
      await store.applyChanges(changes);
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
    await store.finishRun(runId, { status: 'succeeded', counts, warnings });
    options.onProgress?.({ phase: 'done', done: 1, total: 1 });
    const durationMs = Math.round(performance.now() - started);
    logger.info({ runId, ...counts, durationMs }, 'reindex finished');
    return { runId, counts, durationMs, warnings, embeddingModel: embedder.model };
  } catch (error) {
    const appError = toAppError(error);
    if (runId !== undefined) {
      await store
        .finishRun(runId, { status: 'failed', error: appError.message, warnings })
        .catch((auditError: unknown) => logger.error({ err: auditError }, 'could not record the failed reindex'));
    }
    logger.error({ err: appError, code: appError.code }, 'reindex failed');
    if (appError.code === 'internal') {
      throw new AppError('reindex_failed', `Reindex failed: ${appError.message}. The previous index keeps answering.`, {
        cause: error,
      });
    }
    throw appError;
  } finally {
    await lock.release();
  }
}
