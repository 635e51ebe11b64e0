import type OpenAI from 'openai';
import type { Config } from '../../config/load-config.js';
import { AppError } from '../../core/errors.js';
import type { Embedder } from '../../core/ports.js';
import { createClient, toModelError } from '../openai/client.js';

type EmbeddingsConfig = Extract<Config['embeddings'], { provider: 'openai' | 'azure' }>;

const MAX_INPUTS = 96;
/** Keeps each request well under the 8k-token input limits (about 4 characters per token). */
const MAX_CHARS_PER_REQUEST = 200_000;

export class OpenAIEmbedder implements Embedder {
  private dims: number | undefined;

  constructor(
    private readonly client: OpenAI,
    private readonly cfg: EmbeddingsConfig,
  ) {
    this.dims = cfg.dimensions;
  }

  get model(): string {
    return this.cfg.dimensions ? `${this.cfg.model}@${this.cfg.dimensions}` : this.cfg.model;
  }

  get dimensions(): number {
    if (this.dims === undefined) throw new AppError('embedder_unavailable', 'The embedder was used before init().');
    return this.dims;
  }

  /** Learns the vector size with one probe when it is not configured. */
  async init(): Promise<void> {
    if (this.dims !== undefined) return;
    const [probe] = await this.request(['dimension probe']);
    this.dims = probe?.length ?? 0;
  }

  async embed(texts: readonly string[], _purpose?: 'document' | 'query'): Promise<number[][]> {
    const out: number[][] = [];
    let batch: string[] = [];
    let chars = 0;
    for (const text of texts) {
      const input = text.trim() || ' ';
      if (batch.length && (batch.length >= MAX_INPUTS || chars + input.length > MAX_CHARS_PER_REQUEST)) {
        out.push(...(await this.request(batch)));
        batch = [];
        chars = 0;
      }
      batch.push(input);
      chars += input.length;
    }
    if (batch.length) out.push(...(await this.request(batch)));
    return out;
  }

  private async request(input: string[]): Promise<number[][]> {
    let data: Array<{ embedding: number[]; index: number }>;
    try {
      const response = await this.client.embeddings.create({
        model: this.cfg.model,
        input,
        ...(this.cfg.dimensions ? { dimensions: this.cfg.dimensions } : {}),
      });
      data = response.data;
    } catch (error) {
      throw toModelError(error, 'embedder_unavailable', 'embedding', this.cfg.backend);
    }
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new AppError(
        'embedder_unavailable',
        `The embedding endpoint returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${input.length} inputs. Check that OPENAI_EMBEDDING_MODEL is an embedding model.`,
      );
    }
    const vectors = [...data].sort((a, b) => a.index - b.index).map((d) => normalize(d.embedding));
    const size = this.dims ?? vectors[0]?.length;
    if (!size || vectors.some((v) => v.length !== size)) {
      throw new AppError(
        'embedder_unavailable',
        `The embedding endpoint returned vectors of inconsistent size (expected ${size}). Check OPENAI_EMBEDDING_MODEL and OPENAI_EMBEDDING_DIMENSIONS.`,
      );
    }
    return vectors;
  }
}

function normalize(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

export function createOpenAIEmbedder(cfg: EmbeddingsConfig): OpenAIEmbedder {
  const client = createClient(cfg.backend, {
    timeoutMs: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    deployment: cfg.model,
  });
  return new OpenAIEmbedder(client, cfg);
}
