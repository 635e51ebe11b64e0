import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Embedder, Logger } from '../../core/ports.js';
import type { CorpusStats } from '../../core/text/corpus-stats.js';
import { startWorker } from '../workers/start-worker.js';
import type { LocalEmbedder } from './local-embedder.js';

/** Workers stop after this long without work, so an idle server keeps only its main thread. */
const IDLE_MS = 10_000;

interface Pending {
  readonly resolve: (vectors: number[][]) => void;
  readonly reject: (error: unknown) => void;
  readonly count: number;
}

interface PoolWorker {
  readonly worker: Worker;
  busy: number;
}

/**
 * The built-in embedder with its document embeddings computed in worker threads (one fewer than the
 * CPUs, at least one, at most `maxWorkers`): a reindex embeds thousands of chunks, which on the main
 * thread would hold the event loop (measured: about 0.5 ms per chunk). Queries (one short text, and
 * idf-weighted by the corpus this process knows) stay on the main thread. If a worker cannot start,
 * the pool logs it and embeds in process, a batch at a time.
 */
export class EmbedderPool implements Embedder {
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly size: number;

  constructor(
    private readonly local: LocalEmbedder,
    private readonly options: { logger: Logger; maxWorkers?: number },
  ) {
    this.size = Math.max(1, Math.min(options.maxWorkers ?? 4, availableParallelism() - 1));
  }

  get model(): string {
    return this.local.model;
  }

  get dimensions(): number {
    return this.local.dimensions;
  }

  observeCorpus(stats: CorpusStats): void {
    this.local.observeCorpus(stats);
  }

  async embed(texts: readonly string[], purpose: 'document' | 'query'): Promise<number[][]> {
    if (purpose === 'query' || texts.length === 0 || this.broken) return this.local.embed(texts, purpose);
    clearTimeout(this.idleTimer);
    const target = this.pick();
    if (!target) return this.local.embed(texts, purpose);
    const id = this.nextId++;
    target.busy += 1;
    try {
      return await new Promise<number[][]>((resolve, reject) => {
        this.pending.set(id, { resolve, reject, count: texts.length });
        target.worker.postMessage({ id, texts });
      });
    } catch (error) {
      if (this.broken) return this.local.embed(texts, purpose);
      throw error;
    } finally {
      target.busy -= 1;
      if (this.pending.size === 0) this.scheduleIdle();
    }
  }

  /** Stops the workers (the pool starts them again when needed). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private pick(): PoolWorker | undefined {
    const idle = this.workers.find((w) => w.busy === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const started = this.start();
      if (started) return started;
    }
    return this.workers.reduce<PoolWorker | undefined>(
      (least, w) => (!least || w.busy < least.busy ? w : least),
      undefined,
    );
  }

  private start(): PoolWorker | undefined {
    let worker: Worker;
    try {
      worker = startWorker(import.meta.url, './embed-worker', {
        concepts: this.local.glossaryConcepts,
        dimensions: this.local.dimensions,
      });
    } catch (error) {
      this.fail(error);
      return undefined;
    }
    worker.unref();
    const entry: PoolWorker = { worker, busy: 0 };
    worker.on('message', (message: { id: number; vectors: Float32Array }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      const dims = this.local.dimensions;
      const vectors: number[][] = [];
      for (let i = 0; i < job.count; i++) vectors.push(Array.from(message.vectors.subarray(i * dims, (i + 1) * dims)));
      job.resolve(vectors);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => {
      const i = this.workers.indexOf(entry);
      if (i >= 0) this.workers.splice(i, 1);
    });
    this.workers.push(entry);
    return entry;
  }

  /** A worker failed: what it had is embedded in process, and so is everything after. */
  private fail(error: unknown): void {
    if (!this.broken) this.options.logger.warn({ err: error }, 'embedding worker failed; embedding in process');
    this.broken = true;
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      job.reject(error);
    }
    void this.close();
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }
}
