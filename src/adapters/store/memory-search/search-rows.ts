import type { StoredChunk } from '../../../core/types.js';
import { addTsvector, type LexemeIds } from './tsvector.js';

export interface SearchRowsReader {
  add(id: number, vectorBase64: string, tsvector: string): void;
  /** The vectors' dimensions (-1 before the first row). */
  readonly dims: number;
  done(): SearchRows;
}

/**
 * One vector decoded at a time, in place: pgvector's binary form (vector_send) is int16 dimensions,
 * int16 unused, then float4 big-endian; at most 16,000 dimensions.
 */
const SCRATCH = Buffer.alloc(4 + 4 * 16_000);

/**
 * What search needs of a set of chunk rows, packed in a few typed arrays rather than thousands of
 * small ones: each row's embedding and norm, and its tsvector's lexemes with each one's summed
 * position weight (see tsvector.ts).
 */
export class SearchRows {
  private constructor(
    /** Row position by chunk id. */
    readonly positions: ReadonlyMap<number, number>,
    readonly dims: number,
    readonly vectors: Float32Array,
    readonly norms: Float64Array,
    /** Row r's lexemes are `lexemes[lexemeStart[r]..lexemeStart[r + 1])`, with `weights` alongside. */
    readonly lexemeStart: Int32Array,
    readonly lexemes: Int32Array,
    readonly weights: Float64Array,
  ) {}

  /**
   * Rows as the database gives them, added one at a time into arrays made once: each an id,
   * pgvector's binary vector in base64 and the tsvector's text.
   */
  static reader(capacity: number, ids: LexemeIds): SearchRowsReader {
    let dims = -1;
    let vectors = new Float32Array(0);
    const norms = new Float64Array(capacity);
    const lexemeStart = new Int32Array(capacity + 1);
    const lexemes: number[] = [];
    const weights: number[] = [];
    const positions = new Map<number, number>();
    return {
      add(id, vectorBase64, tsvector) {
        const r = positions.size;
        if (r >= capacity) throw new Error('more rows than announced');
        const bytes = SCRATCH.subarray(0, SCRATCH.write(vectorBase64, 'base64'));
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (dims < 0) {
          dims = view.getInt16(0);
          vectors = new Float32Array(capacity * dims);
        }
        if (view.getInt16(0) !== dims) throw new Error('the index holds embeddings of different sizes');
        const vector = vectors.subarray(r * dims, (r + 1) * dims);
        for (let j = 0; j < dims; j++) vector[j] = view.getFloat32(4 + 4 * j);
        norms[r] = norm(vector);
        addTsvector(tsvector, ids, lexemes, weights);
        lexemeStart[r + 1] = lexemes.length;
        positions.set(id, r);
      },
      get dims() {
        return dims;
      },
      done: () =>
        new SearchRows(
          positions,
          Math.max(dims, 0),
          vectors,
          norms,
          lexemeStart,
          Int32Array.from(lexemes),
          Float64Array.from(weights),
        ),
    };
  }

  /** The rows of `chunks`, in their order, each taken from the first of `from` that holds it; null when one is missing. */
  static gather(chunks: readonly StoredChunk[], from: readonly SearchRows[]): SearchRows | null {
    const picked: Array<{ rows: SearchRows; r: number }> = [];
    let lexemeCount = 0;
    for (const chunk of chunks) {
      const rows = from.find((candidate) => candidate.positions.has(chunk.id));
      if (!rows) return null;
      const r = rows.positions.get(chunk.id) as number;
      picked.push({ rows, r });
      lexemeCount += (rows.lexemeStart[r + 1] as number) - (rows.lexemeStart[r] as number);
    }
    // Only the rows taken count: after a change of embedding model none of the old rows is.
    const dims = picked[0]?.rows.dims ?? 0;
    if (picked.some(({ rows }) => rows.dims !== dims)) return null;
    const vectors = new Float32Array(chunks.length * dims);
    const norms = new Float64Array(chunks.length);
    const lexemeStart = new Int32Array(chunks.length + 1);
    const lexemes = new Int32Array(lexemeCount);
    const weights = new Float64Array(lexemeCount);
    const positions = new Map<number, number>();
    picked.forEach(({ rows, r }, to) => {
      vectors.set(rows.vectors.subarray(r * dims, (r + 1) * dims), to * dims);
      norms[to] = rows.norms[r] as number;
      const from = rows.lexemeStart[r] as number;
      const end = rows.lexemeStart[r + 1] as number;
      const at = lexemeStart[to] as number;
      lexemes.set(rows.lexemes.subarray(from, end), at);
      weights.set(rows.weights.subarray(from, end), at);
      lexemeStart[to + 1] = at + end - from;
      positions.set((chunks[to] as StoredChunk).id, to);
    });
    return new SearchRows(positions, dims, vectors, norms, lexemeStart, lexemes, weights);
  }
}

export function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < vector.length; j++) sum += (vector[j] ?? 0) * (vector[j] ?? 0);
  return Math.sqrt(sum);
}
