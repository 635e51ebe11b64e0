import type { Embedder } from '../../core/ports.js';
import { CONCEPT_PREFIX, CorpusStats } from '../../core/text/corpus-stats.js';
import type { Glossary } from '../../core/text/glossary.js';
import { isStopword, stem, words } from '../../core/text/tokenize.js';

/** Feature weights, chosen on the eval set (npm run eval). */
const WEIGHTS = { word: 1, concept: 1.5, bigram: 0.6, charGram: 0.12 } as const;
const CHAR_GRAM = 4;

/** FNV-1a, 32 bits: fast, dependency-free and stable across platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Feature {
  key: string;
  weight: number;
  /** The term whose idf scales this feature in queries. */
  idfTerms: readonly string[];
}

/**
 * The zero-configuration embedder: no model weights, nothing downloaded. A text becomes a
 * signed feature-hashed vector of stemmed words, word bigrams, character 4-grams (for spelling
 * variants) and glossary concepts (so "JV" and "joint venture" land together). Queries are
 * weighted by the corpus' idf, which makes the cosine a BM25-like lexical-semantic score.
 */
export class LocalEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly glossary: Glossary;
  private stats: CorpusStats = CorpusStats.empty();

  constructor(options: { glossary: Glossary; dimensions?: number }) {
    this.glossary = options.glossary;
    this.dimensions = options.dimensions ?? 512;
    this.model = `local-hash-v1@${this.dimensions}`;
  }

  /** The glossary's concepts, for rebuilding this embedder in a worker thread. */
  get glossaryConcepts(): Glossary['concepts'] {
    return this.glossary.concepts;
  }

  observeCorpus(stats: CorpusStats): void {
    this.stats = stats;
  }

  async embed(texts: readonly string[], purpose: 'document' | 'query'): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t, purpose));
  }

  /** Synchronous core of `embed`, exported for benchmarks and tests. */
  embedOne(text: string, purpose: 'document' | 'query'): number[] {
    const vector = new Float64Array(this.dimensions);
    const counts = new Map<string, Feature & { tf: number }>();
    for (const f of this.features(text)) {
      const seen = counts.get(f.key);
      if (seen) seen.tf += 1;
      else counts.set(f.key, { ...f, tf: 1 });
    }
    for (const f of counts.values()) {
      let weight = f.weight * (1 + Math.log(f.tf));
      if (purpose === 'query') {
        const idf = f.idfTerms.reduce((sum, t) => sum + this.stats.idf(t), 0) / f.idfTerms.length;
        weight *= idf;
      }
      const h = fnv1a(f.key);
      const index = h % this.dimensions;
      vector[index] = (vector[index] ?? 0) + (h & 0x80000000 ? -weight : weight);
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }

  private *features(text: string): Generator<Feature> {
    const all = words(text);
    let previous: string | undefined;
    for (const w of all) {
      if (isStopword(w) || (w.length < 2 && !/\d/.test(w))) {
        previous = undefined;
        continue;
      }
      const s = stem(w);
      yield { key: `w:${s}`, weight: WEIGHTS.word, idfTerms: [s] };
      if (previous !== undefined) {
        yield { key: `b:${previous}_${s}`, weight: WEIGHTS.bigram, idfTerms: [previous, s] };
      }
      const padded = `^${s}$`;
      for (let i = 0; i + CHAR_GRAM <= padded.length; i++) {
        yield { key: `c:${padded.slice(i, i + CHAR_GRAM)}`, weight: WEIGHTS.charGram, idfTerms: [s] };
      }
      previous = s;
    }
    for (const id of this.glossary.findConcepts(text)) {
      const key = CONCEPT_PREFIX + id;
      yield { key, weight: WEIGHTS.concept, idfTerms: [key] };
    }
  }
}
