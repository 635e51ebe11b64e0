import type { Glossary } from './glossary.js';
import { contentStems } from './tokenize.js';

/** Prefix of a glossary concept's feature, e.g. "concept:joint-venture". */
export const CONCEPT_PREFIX = 'concept:';

/** Content stems of a text plus the glossary concepts it mentions: the terms retrieval reasons about. */
export function termsOf(text: string, glossary: Glossary): string[] {
  return [...contentStems(text), ...glossary.findConcepts(text).map((id) => CONCEPT_PREFIX + id)];
}

/**
 * Document frequencies over the indexed chunks. Used for query-side term weights (BM25 idf), so that
 * words every chapter uses ("partnership", "organization") count less than telling ones ("royalty").
 * Document vectors never depend on it, which keeps incremental reindexing exact.
 */
export class CorpusStats {
  readonly documents: number;
  private readonly df: ReadonlyMap<string, number>;
  private readonly maxIdf: number;

  constructor(df: ReadonlyMap<string, number>, documents: number) {
    this.df = df;
    this.documents = documents;
    this.maxIdf = CorpusStats.bm25Idf(0, documents);
  }

  static empty(): CorpusStats {
    return new CorpusStats(new Map(), 0);
  }

  static fromTexts(texts: readonly string[], glossary: Glossary): CorpusStats {
    const df = new Map<string, number>();
    for (const text of texts) {
      for (const t of new Set(termsOf(text, glossary))) df.set(t, (df.get(t) ?? 0) + 1);
    }
    return new CorpusStats(df, texts.length);
  }

  /**
   * `fromTexts` in slices, with `pause` between them: a server rebuilds its statistics after every
   * reindex, and thousands of chunks in one piece held the event loop for over 100 ms (measured at
   * 2,550 chunks).
   */
  static async fromTextsInSlices(
    texts: readonly string[],
    glossary: Glossary,
    pause: () => Promise<void>,
    options: {
      readonly sliceSize?: number;
      readonly onTerms?: (index: number, terms: ReadonlySet<string>) => void;
    } = {},
  ): Promise<CorpusStats> {
    const df = new Map<string, number>();
    const sliceSize = options.sliceSize ?? 250;
    for (let i = 0; i < texts.length; i += sliceSize) {
      texts.slice(i, i + sliceSize).forEach((text, j) => {
        const terms = new Set(termsOf(text, glossary));
        for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
        options.onTerms?.(i + j, terms);
      });
      await pause();
    }
    return new CorpusStats(df, texts.length);
  }

  private static bm25Idf(df: number, n: number): number {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return (this.df.get(term) ?? 0) > 0;
  }

  private prefixes: Set<string> | null = null;

  /**
   * The corpus uses the stem, or one sharing its first six letters ("competitor" and "competing"):
   * the word is a subject the chapters know, even if not in these words.
   */
  knows(stem: string): boolean {
    if (this.has(stem)) return true;
    if (stem.length < 6) return false;
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const t of this.df.keys()) if (t.length >= 6) this.prefixes.add(t.slice(0, 6));
    }
    return this.prefixes.has(stem.slice(0, 6));
  }

  /** BM25 idf; a term the corpus never uses gets the highest weight. 1 for an empty corpus. */
  idf(term: string): number {
    if (this.documents === 0) return 1;
    const df = this.df.get(term) ?? 0;
    return df === 0 ? this.maxIdf : CorpusStats.bm25Idf(df, this.documents);
  }

  /**
   * log(1 + N/df), and 0 for a term the corpus never uses: how telling a word of a described situation
   * is when the partnership models are ranked against it. BM25's idf above falls to 0 for words most
   * chunks use and reordered 2 of the 8 decision questions of the answer eval, for the worse.
   */
  situationWeight(term: string): number {
    const df = this.df.get(term) ?? 0;
    return df === 0 ? 0 : Math.log(1 + this.documents / df);
  }
}
